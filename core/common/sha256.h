#pragma once
// SHA-256 (FIPS 180-4) of a byte string; used to checksum artefacts stored in
// the project file. Returns 64 lower-case hex digits.
#include <string>
#include <string_view>

namespace debut {

std::string sha256Hex(std::string_view bytes);

}   // namespace debut
