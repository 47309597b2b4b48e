// libFuzzer target: the stored-model path — checkpoint bytes as the project file
// holds them (safetensors version 2, torch.save-zip version 1) through
// readCheckpoint, loading into a small module, and the classifier loader's
// configuration and shape checks (the encoder maker builds nothing, so a blob
// that passes them ends at "cannot build encoder").
#include <cstdint>
#include <string_view>

#include "common/error.h"
#include "models/checkpoint.h"
#include "train/classifier.h"

namespace {

struct Small : torch::nn::Module {
    Small()
    {
        register_module("head", torch::nn::Linear(4, 2));
        register_buffer("steps", torch::zeros({3}, torch::kLong));
    }
};

}   // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    try {
        const debut::CheckpointContents c = debut::readCheckpoint(bytes);
        for (const auto &kv : c.tensors)
            (void)kv.second.numel();
    } catch (const debut::Error &) {
        return 0;
    }
    try {
        Small m;
        debut::loadCheckpoint(m, bytes, /*strict=*/false);
    } catch (const debut::Error &) {
    }
    try {
        const debut::EncoderMaker none = [](const std::string &) { return debut::TextEncoder(); };
        (void)debut::loadClassifier(bytes, none, torch::kCPU);
    } catch (const debut::Error &) {
    }
    return 0;
}
