// libFuzzer target: the safetensors reader (header length, JSON header, dtypes,
// shapes, offsets) from memory, with and without conversion to float32.
#include <cstdint>

#include "common/error.h"
#include "models/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    for (bool toF32 : {true, false}) {
        try {
            debut::SafetensorsOptions o;
            o.floatToFloat32 = toF32;
            auto c = debut::readSafetensorsFromMemory(data, size, "fuzz.safetensors", o);
            for (auto &kv : c.tensors)
                (void)kv.second.numel();
        } catch (const debut::Error &) {
        }
    }
    return 0;
}
