#include "models/factory.h"

#include <filesystem>

#include "common/error.h"
#include "models/scratch.h"
#include "models/uselite.h"
#if __has_include("models/hfmodel.h")
#include "models/hfmodel.h"
#define DEBUT_HAVE_HFMODEL 1
#endif

namespace debut {

TextEncoder createEncoder(const std::string &spec, const EncoderContext &context)
{
    TextEncoder enc;
    if (spec == "use-lite" || spec.empty()) {
        enc = loadUseLite();
    } else if (spec == "scratch") {
        auto model = context.artefact ? context.artefact("pretrained") : std::nullopt;
        auto tok = context.artefact ? context.artefact("tokenizer") : std::nullopt;
        if (!model || !tok)
            throw Error("encoder 'scratch': the project has no pretrained from-scratch encoder; run "
                        "`debut pretrain PROJECT --encoder scratch` first");
        enc = ScratchEncoderImpl::fromCheckpoint(*model, SentencePieceTokenizer::fromBytes(*tok));
    } else if (std::filesystem::is_directory(spec)) {
#ifdef DEBUT_HAVE_HFMODEL
        enc = loadHuggingFaceFolder(spec);
#else
        throw Error("encoder '" + spec + "': Hugging Face folders are not supported by this build");
#endif
    } else {
        throw Error("unknown encoder '" + spec + "' (expected use-lite, scratch, a model folder or a run id)");
    }
    enc->eval();
    return enc;
}

} // namespace debut
