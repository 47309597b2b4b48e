// `debut pretrain`: masked-LM domain adaptation on a project's catalogue
// (contract: docs/cli.md). Per-epoch held-out loss / perplexity, the unigram
// baseline and their ratio on stdout, progress on stderr; the result is stored
// in the project file by the façade (project/pretraining.h) as
// "pretrained/<n>/..." artefacts, loadable as the encoder spec "pretrained:<n>"
// (`debut train PROJECT --task T --encoder pretrained:<n>`; "pretrained" = newest).
#include <algorithm>
#include <cstdio>
#include <thread>

#include <torch/torch.h>

#include "command.h"
#include "common/error.h"
#include "project/pretraining.h"
#include "train/classifier.h"

namespace debut::cli {

namespace {

bool progress(std::string_view stage, std::int64_t done, std::int64_t total, std::string_view message)
{
    return progressToStderr(stage, done, total, message);
}

int cmdPretrain(const std::vector<std::string> &argv)
{
    Args a(argv, {"list"},
           {"encoder", "epochs", "vocab-size", "spm-model", "layers", "width", "heads", "ffn", "max-length", "batch",
            "lr", "seed", "threads", "device", "held-out", "dropout", "position-bias"});
    a.maxPositional(1);
    const std::string projectPath = a.positional(0, "PROJECT");
    if (a.flag("list")) {
        if (launchRank() != 0)   // a listing: rank 0 prints it
            return ExitOk;
        const PretrainedListResult list = listPretrainedEncoders(projectPath);
        if (!list.status.ok())
            throw Error(list.status.message);
        for (const auto &e : list.encoders)
            std::printf("%s\t%s\t%s\t%d epochs\tperplexity %.2f (unigram %.2f)\t%s\n", e.spec.c_str(), e.kind.c_str(),
                        e.createdAt.c_str(), e.epochs, e.perplexity, e.unigramPerplexity, e.description.c_str());
        return ExitOk;
    }
    const std::string spec = a.option("encoder", "scratch");
    PretrainRequest req = defaultPretrainRequest(spec);
    MlmOptions &o = req.mlm;
    o.epochs = static_cast<int>(a.integer("epochs", o.epochs));
    o.batchSize = static_cast<int>(a.integer("batch", o.batchSize));
    o.learningRate = a.number("lr", o.learningRate);
    o.seed = static_cast<std::uint64_t>(a.integer("seed", 42));
    o.heldOutFraction = a.number("held-out", 0.1);
    o.threads = static_cast<int>(a.integer("threads", std::max(1u, std::thread::hardware_concurrency())));
    const std::string device = a.option("device", "auto");
    if (o.epochs < 1 || o.batchSize < 1 || o.threads < 1 || !(o.learningRate > 0))
        throw UsageError("--epochs, --batch and --threads must be >= 1 and --lr > 0");
    if (!(o.heldOutFraction > 0 && o.heldOutFraction < 1))
        throw UsageError("--held-out must be a fraction in (0, 1)");
    if (device != "cpu" && device != "auto" && device != "cuda")
        throw UsageError("--device must be auto, cpu or cuda");
    joinWorkers();                    // before anything is printed: only rank 0 reports
    o.device = parseDevice(device);   // a worker of a group: the GPU of its LOCAL_RANK
    if (spec == "scratch") {
        req.tokenizer.vocabSize = static_cast<int>(a.integer("vocab-size", req.tokenizer.vocabSize));
        const std::string type = a.option("spm-model", "unigram");
        if (type != "unigram" && type != "bpe")
            throw UsageError("--spm-model must be unigram or bpe");
        req.tokenizer.model = type == "bpe" ? SpTrainOptions::ModelType::Bpe : SpTrainOptions::ModelType::Unigram;
        ScratchConfig &c = req.scratch;
        c.layers = static_cast<int>(a.integer("layers", c.layers));
        c.width = a.integer("width", c.width);
        c.heads = static_cast<int>(a.integer("heads", c.heads));
        c.ffn = a.integer("ffn", a.option("width") ? 4 * c.width : c.ffn);
        c.maxLength = static_cast<int>(a.integer("max-length", c.maxLength));
        c.dropout = a.number("dropout", c.dropout);
        c.positionBias = a.option("position-bias", c.positionBias);
        if (c.positionBias != "none" && c.positionBias != "alibi")
            throw UsageError("--position-bias must be none or alibi");
        std::printf("pretraining a from-scratch encoder: %d layers, width %lld, %d heads, ffn %lld, max length %d, "
                    "position bias %s, dropout %g, tokenizer %s with at most %d pieces\n",
                    c.layers, static_cast<long long>(c.width), c.heads, static_cast<long long>(c.ffn), c.maxLength,
                    c.positionBias.c_str(), c.dropout, type.c_str(), req.tokenizer.vocabSize);
    } else {
        std::printf("continued pretraining of %s\n", spec.c_str());
    }
    if (a.option("max-length"))
        o.maxLength = static_cast<int>(a.integer("max-length", 128));
    std::printf("masked-LM: %d epochs, batch %d, peak lr %g, %d threads\n", o.epochs, o.batchSize, o.learningRate,
                o.threads);
    std::fflush(stdout);

    const PretrainResult r = pretrain(projectPath, req, progress, [&](const MlmEpoch &e) {
        std::fprintf(stderr, "\n");
        std::printf("epoch %d/%d: train loss %.4f, held-out loss %.4f, perplexity %.2f = %.3fx the unigram "
                    "baseline %.2f (%lld masked tokens, %.1f s)\n",
                    e.epoch, o.epochs, e.trainLoss, e.heldOutLoss, e.heldOutPerplexity,
                    e.unigramPerplexity > 0 ? e.heldOutPerplexity / e.unigramPerplexity : 0.0, e.unigramPerplexity,
                    static_cast<long long>(e.heldOutTokens), e.seconds);
        std::fflush(stdout);
    });
    if (r.status.code == StatusCode::Cancelled) {
        std::fprintf(stderr, "\ndebut: cancelled (nothing stored)\n");
        return ExitCancelled;
    }
    if (!r.status.ok())
        throw Error(r.status.message);
    const double last = r.mlm.epochs.empty() ? 0.0 : r.mlm.epochs.back().heldOutPerplexity;
    std::printf("%s\nheld-out: %lld texts; perplexity before training %.2f, after %.2f = %.3fx the unigram baseline "
                "%.2f\n",
                r.description.c_str(), static_cast<long long>(r.mlm.heldOutTexts), r.mlm.initialHeldOutPerplexity, last,
                r.mlm.unigramPerplexity > 0 ? last / r.mlm.unigramPerplexity : 0.0, r.mlm.unigramPerplexity);
    std::printf("stored: %s in %s (train with --encoder %s)\n", r.spec.c_str(), projectPath.c_str(), r.spec.c_str());
    return ExitOk;
}

}   // namespace

DEBUT_COMMAND({"pretrain",
               "debut pretrain PROJECT [--encoder scratch|use-lite|HF_FOLDER|pretrained[:N]] [--epochs N]\n"
               "               [--vocab-size N] [--spm-model unigram|bpe] [--layers N] [--width N] [--heads N]\n"
               "               [--ffn N] [--max-length N] [--dropout X] [--position-bias none|alibi]\n"
               "               [--batch N] [--lr X] [--seed S]\n"
               "               [--held-out FRACTION] [--threads N] [--device auto|cpu|cuda]\n"
               "debut pretrain PROJECT --list",
               "masked-LM domain adaptation of an encoder on the project's catalogue", cmdPretrain});

}   // namespace debut::cli
