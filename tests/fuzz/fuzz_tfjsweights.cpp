// libFuzzer target: the TF.js weights manifest reader (model.json + shards).
// Input: 2 bytes little-endian = length L of model.json, then L bytes of
// model.json, then the bytes of the shard file "s" (seeds name it in "paths").
#include <cstdint>
#include <string>

#include "common/error.h"
#include "fuzzfile.h"
#include "models/tfjsweights.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    std::size_t len = data[0] | (std::size_t(data[1]) << 8);
    if (len > size - 2)
        len = size - 2;
    const std::string json = debut::fuzz::writeScratch("model.json", data + 2, len);
    debut::fuzz::writeScratch("s", data + 2 + len, size - 2 - len);
    try {
        auto w = debut::TfjsWeights::load(json);
        for (const auto &n : w.names())
            (void)w.get(n).numel();
    } catch (const debut::Error &) {
    }
    return 0;
}
