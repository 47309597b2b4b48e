# Locates the third-party pieces. SentencePiece is built by scripts/setup from
# Debian's source package into third_party/sentencepiece (static, against the
# system protobuf): Debian's shared libsentencepiece0 crashes next to libtorch.
find_package(Threads REQUIRED)
find_package(Torch REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Protobuf REQUIRED)

set(DEBUT_SPM_PREFIX "${CMAKE_SOURCE_DIR}/third_party/sentencepiece/install" CACHE PATH
    "Prefix of the static SentencePiece build")
find_path(SPM_INCLUDE_DIR sentencepiece_processor.h HINTS ${DEBUT_SPM_PREFIX}/include NO_DEFAULT_PATH)
find_library(SPM_LIBRARY NAMES libsentencepiece.a HINTS ${DEBUT_SPM_PREFIX}/lib ${DEBUT_SPM_PREFIX}/lib64 NO_DEFAULT_PATH)
find_library(SPM_TRAIN_LIBRARY NAMES libsentencepiece_train.a HINTS ${DEBUT_SPM_PREFIX}/lib ${DEBUT_SPM_PREFIX}/lib64 NO_DEFAULT_PATH)
if(NOT SPM_INCLUDE_DIR OR NOT SPM_LIBRARY OR NOT SPM_TRAIN_LIBRARY)
  message(FATAL_ERROR "Static SentencePiece not found under ${DEBUT_SPM_PREFIX}: run scripts/setup")
endif()
add_library(debut_sentencepiece INTERFACE)
target_include_directories(debut_sentencepiece SYSTEM INTERFACE ${SPM_INCLUDE_DIR})
target_link_libraries(debut_sentencepiece INTERFACE ${SPM_TRAIN_LIBRARY} ${SPM_LIBRARY} protobuf::libprotobuf Threads::Threads)

# torch as an interface target with its include dirs marked SYSTEM (its headers are noisy)
add_library(debut_torch INTERFACE)
target_link_libraries(debut_torch INTERFACE ${TORCH_LIBRARIES})
target_include_directories(debut_torch SYSTEM INTERFACE ${TORCH_INCLUDE_DIRS})
target_compile_options(debut_torch INTERFACE ${TORCH_CXX_FLAGS})
# Every executable that links torch waits passively in OpenMP (see the file).
target_sources(debut_torch INTERFACE ${CMAKE_SOURCE_DIR}/core/runtime/omp_passive.cpp)
