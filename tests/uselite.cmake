# USE-Lite: tokenizer ids and embeddings against the reference runtime's fixture
# (tests/data/uselite/parity.json, made by scripts/parity/make_fixture.js), TF.js
# weight reader errors, LoRA and the embed/encode/pool split. Skips (QSKIP, with
# the reason) when the model cache from scripts/setup is absent.
debut_add_test(test_uselite SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_uselite.cpp LIBS debut_models PROGRAM tests_models)
