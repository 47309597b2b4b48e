#pragma once
// Test helper: a file under tests/data/io/ (the readers' and the importer's fixtures).
#include <string>

inline std::string ioFixture(const char *name) { return std::string(DEBUT_TEST_DATA) + "/io/" + name; }
