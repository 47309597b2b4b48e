#include "models/factory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "common/error.h"
#include "models/checkpoint.h"
#include "models/scratch.h"
#include "models/uselite.h"
#if __has_include("models/hfmodel.h")
#include "models/hfmodel.h"
#define DEBUT_HAVE_HFMODEL 1
#endif

namespace debut {

namespace {

constexpr const char *kPrefix = "pretrained/";

std::optional<std::string> at(const EncoderContext &context, const std::string &path)
{
    return context.artefactAt ? context.artefactAt(path) : std::nullopt;
}

TextEncoder loadPretrained(int index, const EncoderContext &context, int depth)
{
    const std::string dir = kPrefix + std::to_string(index) + "/";
    const std::string spec = "pretrained:" + std::to_string(index);
    const auto model = at(context, dir + "encoder.pt");
    if (!model)
        throw Error("encoder '" + spec + "': the project has no pretrained encoder " + std::to_string(index) +
                    " (see `debut pretrain`)");
    if (const auto tok = at(context, dir + "spm.model"))
        return ScratchEncoderImpl::fromCheckpoint(*model, SentencePieceTokenizer::fromBytes(*tok));
    // Continued pretraining: rebuild the base, then load the adapted weights.
    const CheckpointContents contents = readCheckpoint(*model);
    const auto meta = nlohmann::json::parse(contents.meta, nullptr, false);
    if (!meta.is_object() || !meta.contains("base") || !meta["base"].is_string())
        throw Error("encoder '" + spec + "': checkpoint does not name its base encoder");
    const std::string base = meta["base"].get<std::string>();
    if (depth > 8 || pretrainedIndex(base) == index)
        throw Error("encoder '" + spec + "': base encoder chain is cyclic");
    TextEncoder enc;
    if (const auto n = pretrainedIndex(base))
        enc = loadPretrained(*n, context, depth + 1);
    else
        enc = createEncoder(base, context);
    try {
        loadCheckpoint(*enc, *model, /*strict=*/true);
    } catch (const Error &e) {
        throw Error("encoder '" + spec + "' (adapted from '" + base + "'): " + e.what());
    }
    return enc;
}

}   // namespace

std::optional<int> pretrainedIndex(const std::string &spec)
{
    if (spec.rfind("pretrained:", 0) != 0)
        return std::nullopt;
    const std::string digits = spec.substr(11);
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return std::nullopt;
    return std::stoi(digits);
}

std::vector<PretrainedRef> pretrainedEncoders(const EncoderContext &context)
{
    std::map<int, PretrainedRef> found;
    std::map<int, bool> hasSpm;
    if (!context.artefactPaths)
        return {};
    for (const auto &path : context.artefactPaths()) {
        if (path.rfind(kPrefix, 0) != 0)
            continue;
        const auto slash = path.find('/', 11);
        if (slash == std::string::npos)
            continue;
        const auto n = pretrainedIndex("pretrained:" + path.substr(11, slash - 11));
        if (!n)
            continue;
        const std::string file = path.substr(slash + 1);
        if (file == "encoder.pt")
            found[*n].index = *n;
        else if (file == "spm.model")
            hasSpm[*n] = true;
    }
    std::vector<PretrainedRef> out;
    for (auto &[n, ref] : found) {
        ref.scratch = hasSpm[n];
        out.push_back(ref);
    }
    return out;
}

std::string resolveEncoderSpec(const std::string &spec, const EncoderContext &context)
{
    if (spec == "pretrained") {
        const auto all = pretrainedEncoders(context);
        if (all.empty())
            throw Error(
                "encoder 'pretrained': the project has no pretrained encoder; run `debut pretrain PROJECT` first");
        return all.back().spec();
    }
    if (spec == "scratch") {
        const auto all = pretrainedEncoders(context);
        for (auto it = all.rbegin(); it != all.rend(); ++it)
            if (it->scratch)
                return it->spec();
    }
    return spec;
}

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
    } else if (spec == "pretrained") {
        enc = createEncoder(resolveEncoderSpec(spec, context), context);
    } else if (const auto n = pretrainedIndex(spec)) {
        enc = loadPretrained(*n, context, 0);
    } else if (std::filesystem::is_directory(spec)) {
#ifdef DEBUT_HAVE_HFMODEL
        enc = loadHuggingFaceFolder(spec);
#else
        throw Error("encoder '" + spec + "': Hugging Face folders are not supported by this build");
#endif
    } else {
        throw Error("unknown encoder '" + spec +
                    "' (expected use-lite, scratch, pretrained[:N], a model folder or a run id)");
    }
    enc->eval();
    return enc;
}

}   // namespace debut
