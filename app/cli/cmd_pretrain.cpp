// `debut pretrain`: masked-LM domain adaptation on a project's catalogue
// (contract: ../shared/CLI.md). Per-epoch held-out loss / perplexity and the
// unigram baseline on stdout, progress on stderr; the result is stored in the
// project file as artefacts:
//   --encoder scratch  kind 'tokenizer'  path 'pretrained/<n>/spm.model'
//                      kind 'pretrained' path 'pretrained/<n>/encoder.pt'
//                      (what `--encoder scratch` of train/encode loads: models/factory.h)
//   otherwise          kind 'adapted'    path 'pretrained/<n>/encoder.pt' (checkpoint of
//                      the continued-pretrained encoder, meta {"base": SPEC})
#include <algorithm>
#include <cstdio>
#include <thread>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "command.h"
#include "common/error.h"
#include "io/records.h"
#include "models/checkpoint.h"
#include "models/factory.h"
#include "models/scratch.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "text/sptokenizer.h"
#include "text/unicode.h"
#include "train/mlm.h"

namespace debut::cli {

namespace {

// Share of CJK ideographs among non-space characters (samples the first 2,000 texts).
double cjkShare(const std::vector<std::string> &texts)
{
    std::size_t cjk = 0, all = 0;
    for (std::size_t i = 0; i < texts.size() && i < 2000; ++i)
        for (std::size_t pos = 0; pos < texts[i].size();) {
            const char32_t cp = unicode::decodeUtf8(texts[i], pos);
            if (unicode::isWhitespace(cp))
                continue;
            ++all;
            cjk += unicode::isCjk(cp) ? 1 : 0;
        }
    return all ? static_cast<double>(cjk) / static_cast<double>(all) : 0.0;
}

// Next free n of 'pretrained/<n>/...' among the project-level artefacts.
int nextPretrainedIndex(RunStore &runs)
{
    int n = 0;
    for (const auto &a : runs.artefacts(std::nullopt)) {
        if (a.path.rfind("pretrained/", 0) != 0)
            continue;
        try {
            n = std::max(n, std::stoi(a.path.substr(11)));
        } catch (const std::exception &) {
        }
    }
    return n + 1;
}

bool progress(std::string_view stage, std::int64_t done, std::int64_t total, std::string_view message)
{
    return progressToStderr(stage, done, total, message);
}

int cmdPretrain(const std::vector<std::string> &argv)
{
    Args a(argv, {},
           {"encoder", "epochs", "vocab-size", "spm-model", "layers", "width", "heads", "ffn", "max-length", "batch",
            "lr", "seed", "threads", "device", "held-out", "dropout"});
    a.maxPositional(1);
    const std::string projectPath = a.positional(0, "PROJECT");
    const std::string spec = a.option("encoder", "scratch");
    MlmOptions o;
    o.epochs = static_cast<int>(a.integer("epochs", 8));
    // Small batches: a small MLM needs many steps to get past the unigram plateau.
    o.batchSize = static_cast<int>(a.integer("batch", 16));
    o.learningRate = a.number("lr", spec == "scratch" ? 1e-3 : 5e-5);
    o.seed = static_cast<std::uint64_t>(a.integer("seed", 42));
    o.heldOutFraction = a.number("held-out", 0.1);
    o.threads = static_cast<int>(a.integer("threads", std::max(1u, std::thread::hardware_concurrency())));
    const std::string device = a.option("device", "auto");
    if (o.epochs < 1 || o.batchSize < 1 || o.threads < 1 || !(o.learningRate > 0))
        throw UsageError("--epochs, --batch and --threads must be >= 1 and --lr > 0");
    if (!(o.heldOutFraction > 0 && o.heldOutFraction < 1))
        throw UsageError("--held-out must be a fraction in (0, 1)");
    if (device == "cuda" || (device == "auto" && torch::cuda::is_available())) {
        if (!torch::cuda::is_available())
            throw Error("--device cuda: no CUDA device is available");
        o.device = torch::Device(torch::kCUDA);
    } else if (device != "cpu" && device != "auto") {
        throw UsageError("--device must be auto, cpu or cuda");
    }
    torch::set_num_threads(o.threads);

    ProjectStore store = ProjectStore::open(projectPath);
    std::vector<std::string> texts;
    store.forEachItem([&](const ItemRow &row) {
        texts.push_back(itemText(row.item));
        return true;
    });
    if (texts.size() < 10)
        throw Error(Location{projectPath, 0, 0, {}},
                    "the project has " + std::to_string(texts.size()) + " items; pretraining needs at least 10");

    TextEncoder encoder;
    std::shared_ptr<SentencePieceTokenizer> spm;
    if (spec == "scratch") {
        SpTrainOptions so;
        so.vocabSize = static_cast<int>(a.integer("vocab-size", 8000));
        const std::string type = a.option("spm-model", "unigram");
        if (type != "unigram" && type != "bpe")
            throw UsageError("--spm-model must be unigram or bpe");
        so.model = type == "bpe" ? SpTrainOptions::ModelType::Bpe : SpTrainOptions::ModelType::Unigram;
        const double share = cjkShare(texts);
        so.splitByWhitespace = share < 0.3;  // Chinese/Japanese catalogues: pieces may span words
        so.numThreads = o.threads;
        std::fprintf(stderr, "pretrain: training a %s SentencePiece tokenizer (at most %d pieces%s) on %zu items\n",
                     type.c_str(), so.vocabSize, so.splitByWhitespace ? "" : ", CJK mode", texts.size());
        spm = SentencePieceTokenizer::train(texts, so, progress);
        ScratchConfig c;
        c.vocabSize = spm->vocabSize();
        c.layers = static_cast<int>(a.integer("layers", 2));
        c.width = a.integer("width", 128);
        c.heads = static_cast<int>(a.integer("heads", 4));
        c.ffn = a.integer("ffn", 4 * c.width);
        c.maxLength = static_cast<int>(a.integer("max-length", 128));
        c.dropout = a.number("dropout", 0.1);
        torch::manual_seed(o.seed);
        encoder = std::make_shared<ScratchEncoderImpl>(c, spm);
        std::printf("tokenizer: %d pieces; encoder: scratch, %d layers, width %lld, %d heads, ffn %lld, max length %d\n",
                    spm->vocabSize(), c.layers, static_cast<long long>(c.width), c.heads,
                    static_cast<long long>(c.ffn), c.maxLength);
    } else {
        EncoderContext context;
        encoder = createEncoder(spec, context);
        std::printf("encoder: %s (continued pretraining)\n", encoder->name().c_str());
    }
    if (a.option("max-length"))
        o.maxLength = static_cast<int>(a.integer("max-length", 128));

    std::fflush(stdout);
    MlmResult r;
    try {
        r = trainMaskedLm(*encoder, texts, o, progress, [&](const MlmEpoch &e) {
            std::fprintf(stderr, "\n");
            std::printf("epoch %d/%d: train loss %.4f, held-out loss %.4f, perplexity %.2f "
                        "(unigram baseline %.2f, %lld masked tokens, %.1f s)\n",
                        e.epoch, o.epochs, e.trainLoss, e.heldOutLoss, e.heldOutPerplexity, e.unigramPerplexity,
                        static_cast<long long>(e.heldOutTokens), e.seconds);
            std::fflush(stdout);
        });
    } catch (const Cancelled &) {
        std::fprintf(stderr, "\ndebut: cancelled (nothing stored)\n");
        return ExitCancelled;
    }
    std::printf("held-out: %lld texts; perplexity before training %.2f, after %.2f; unigram baseline %.2f\n",
                static_cast<long long>(r.heldOutTexts), r.initialHeldOutPerplexity,
                r.epochs.back().heldOutPerplexity, r.unigramPerplexity);

    encoder->to(torch::kCPU);
    RunStore runs(store.db());
    const int n = nextPretrainedIndex(runs);
    const std::string dir = "pretrained/" + std::to_string(n) + "/";
    {
        Transaction tx(store.db());
        if (spm) {
            auto &scratch = dynamic_cast<ScratchEncoderImpl &>(*encoder);
            runs.putArtefact(std::nullopt, "tokenizer", dir + "spm.model", spm->serialized());
            runs.putArtefact(std::nullopt, "pretrained", dir + "encoder.pt", scratch.saveCheckpoint());
        } else {
            const nlohmann::json meta = {{"base", spec}, {"encoder", encoder->name()}};
            runs.putArtefact(std::nullopt, "adapted", dir + "encoder.pt", saveCheckpoint(*encoder, meta.dump()));
        }
        tx.commit();
    }
    std::printf("stored: %sencoder.pt%s in %s\n", dir.c_str(), spm ? (" and " + dir + "spm.model").c_str() : "",
                projectPath.c_str());
    return ExitOk;
}

} // namespace

DEBUT_COMMAND({"pretrain",
               "debut pretrain PROJECT [--encoder scratch|use-lite|HF_FOLDER] [--epochs N]\n"
               "               [--vocab-size N] [--spm-model unigram|bpe] [--layers N] [--width N] [--heads N]\n"
               "               [--ffn N] [--max-length N] [--dropout X] [--batch N] [--lr X] [--seed S]\n"
               "               [--held-out FRACTION] [--threads N] [--device auto|cpu|cuda]",
               "masked-LM domain adaptation of an encoder on the project's catalogue", cmdPretrain});

} // namespace debut::cli
