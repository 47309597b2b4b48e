// libFuzzer target: the PyTorch .bin (zip + pickle state dict) reader from memory.
#include <cstdint>

#include "common/error.h"
#include "models/torchbin.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    try {
        auto t = debut::readTorchBinFromMemory(data, size, "fuzz.bin");
        for (auto &kv : t)
            (void)kv.second.numel();
    } catch (const debut::Error &) {
    }
    return 0;
}
