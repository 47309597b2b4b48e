# BERT family (Hugging Face checkpoints): safetensors and torch.save (.bin)
# readers/writers (round trips, a Python-written .bin, corrupt files), parity of
# the BERT/RoBERTa forward with a plain-PyTorch reference (tests/data/bert-ref,
# scripts/bert_reference.py), and with Hugging Face Transformers
# (tests/data/bert-tiny, scripts/make_bert_fixture.py; skipped with its reason
# until that fixture exists).
debut_add_test(test_bert SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_bert.cpp LIBS debut_models PROGRAM tests_models)
