#include "project/pretraining.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "dist/world.h"
#include "io/records.h"
#include "models/checkpoint.h"
#include "models/factory.h"
#include "project/project.h"
#include "store/projectstore.h"
#include "store/runstore.h"
#include "text/unicode.h"
#include "train/classifier.h"

namespace debut {

namespace {

using json = nlohmann::json;

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

// Next free n of "pretrained/<n>/..." among the project-level artefacts.
int nextIndex(ProjectStore &store)
{
    int n = 0;
    for (const auto &a : RunStore(store.db()).artefacts(std::nullopt)) {
        if (a.path.rfind("pretrained/", 0) != 0)
            continue;
        try {
            n = std::max(n, std::stoi(a.path.substr(11)));
        } catch (const std::exception &) {
        }
    }
    return n + 1;
}

json epochJson(const MlmEpoch &e)
{
    return {{"epoch", e.epoch},
            {"train_loss", e.trainLoss},
            {"held_out_loss", e.heldOutLoss},
            {"perplexity", e.heldOutPerplexity},
            {"unigram_perplexity", e.unigramPerplexity},
            {"ratio", e.unigramPerplexity > 0 ? e.heldOutPerplexity / e.unigramPerplexity : 0.0},
            {"seconds", e.seconds}};
}

}   // namespace

PretrainRequest defaultPretrainRequest(const std::string &encoder)
{
    PretrainRequest r;
    r.encoder = encoder;
    if (encoder == "scratch") {
        // Tuned on sample_data/catalogue.csv (1,610 items; 1,146 pieces): ALiBi
        // attention bias and sinusoid-initialised positions leave the unigram
        // plateau within the first epoch (held-out perplexity / unigram 0.95 after
        // epoch 1, 0.72 after 4 of 6 at lr 2e-3, against 1.08 and ~0.83 with plain
        // learned positions); no dropout on such small catalogues; 16 epochs.
        r.tokenizer.vocabSize = 8000;   // at most: small catalogues give fewer pieces
        r.scratch.layers = 2;
        r.scratch.width = 128;
        r.scratch.heads = 4;
        r.scratch.ffn = 512;
        r.scratch.maxLength = 128;
        r.scratch.dropout = 0.0;
        r.scratch.positionBias = "alibi";
        r.mlm.epochs = 16;
        r.mlm.batchSize = 16;
        r.mlm.learningRate = 2e-3;
        r.mlm.warmupFraction = 0.06;
    } else {
        r.mlm.epochs = 3;
        r.mlm.batchSize = 16;
        r.mlm.learningRate = 5e-5;
    }
    return r;
}

PretrainResult pretrain(const std::string &projectPath, const PretrainRequest &request, const Progress &progress,
                        const MlmEpochCallback &onEpoch)
{
    PretrainResult result;
    result.status = guarded([&] {
        // One worker of a group (dist/world.h): only rank 0 writes the project and
        // trains the tokenizer; the others read the project and receive the tokenizer.
        dist::World *world = dist::World::current();
        const bool writer = dist::World::currentRank() == 0;
        ProjectStore store = ProjectStore::open(projectPath, /*readOnly=*/!writer);
        std::vector<std::string> texts;
        store.forEachItem([&](const ItemRow &row) {
            texts.push_back(itemText(row.item));
            return true;
        });
        if (texts.size() < 10)
            throw Error(projectPath + ": the project has " + std::to_string(texts.size()) +
                        " items; pretraining needs at least 10");
        if (request.mlm.threads > 0)
            torch::set_num_threads(request.mlm.threads);

        const bool scratch = request.encoder == "scratch";
        TextEncoder encoder;
        std::shared_ptr<SentencePieceTokenizer> spm;
        std::string base;
        json config;
        if (scratch) {
            SpTrainOptions so = request.tokenizer;
            so.splitByWhitespace = cjkShare(texts) < 0.3;   // Chinese/Japanese: pieces may span words
            if (request.mlm.threads > 0)
                so.numThreads = request.mlm.threads;
            reportOrCancel(progress, "tokenizer", 0, 1, "training the SentencePiece tokenizer");
            if (writer)
                spm = SentencePieceTokenizer::train(texts, so, progress);
            if (world)
                spm = SentencePieceTokenizer::fromBytes(world->broadcastBytes(writer ? spm->serialized() : ""));
            ScratchConfig c = request.scratch;
            c.vocabSize = spm->vocabSize();
            torch::manual_seed(request.mlm.seed);
            encoder = std::make_shared<ScratchEncoderImpl>(c, spm);
            base = "scratch";
            config = json::parse(c.toJson());
            char line[200];
            std::snprintf(line, sizeof line, "scratch, %d layers x %lld (%d heads, ffn %lld), %d pieces%s", c.layers,
                          static_cast<long long>(c.width), c.heads, static_cast<long long>(c.ffn), spm->vocabSize(),
                          so.splitByWhitespace ? "" : " (CJK mode)");
            result.description = line;
        } else {
            const EncoderContext ctx = projectEncoderContext(store);
            base = resolveEncoderSpec(request.encoder, ctx);
            encoder = createEncoder(base, ctx);
            result.description = encoder->name() + " (continued from " + base + ")";
        }

        result.mlm = trainMaskedLm(*encoder, texts, request.mlm, progress, onEpoch);
        encoder->to(torch::kCPU);

        json report = {{"kind", scratch ? "scratch" : "adapted"},
                       {"base", base},
                       {"encoder", encoder->name()},
                       {"description", result.description},
                       {"config", config},
                       {"options",
                        {{"epochs", request.mlm.epochs},
                         {"batch", request.mlm.batchSize},
                         {"lr", request.mlm.learningRate},
                         {"mask_probability", request.mlm.maskProbability},
                         {"seed", request.mlm.seed}}},
                       {"train_texts", result.mlm.trainTexts},
                       {"held_out_texts", result.mlm.heldOutTexts},
                       {"held_out_tokens", result.mlm.heldOutTokens},
                       {"initial_perplexity", result.mlm.initialHeldOutPerplexity},
                       {"unigram_perplexity", result.mlm.unigramPerplexity},
                       {"epochs", json::array()}};
        if (spm)
            report["tokenizer_pieces"] = spm->vocabSize();
        for (const auto &e : result.mlm.epochs)
            report["epochs"].push_back(epochJson(e));

        if (!writer)
            return;
        RunStore runs(store.db());
        Transaction tx(store.db());
        const int n = nextIndex(store);
        const std::string dir = "pretrained/" + std::to_string(n) + "/";
        if (spm) {
            auto &s = dynamic_cast<ScratchEncoderImpl &>(*encoder);
            runs.putArtefact(std::nullopt, "tokenizer", dir + "spm.model", spm->serialized());
            runs.putArtefact(std::nullopt, "pretrained", dir + "encoder.pt", s.saveCheckpoint());
        } else {
            const json meta = {{"base", base}, {"encoder", encoder->name()}};
            runs.putArtefact(std::nullopt, "adapted", dir + "encoder.pt", saveCheckpoint(*encoder, meta.dump()));
        }
        runs.putArtefact(std::nullopt, "pretrain-report", dir + "report.json", report.dump());
        tx.commit();
        result.index = n;
        result.spec = "pretrained:" + std::to_string(n);
    });
    return result;
}

std::string resolveProjectEncoderSpec(ProjectStore &store, const std::string &spec)
{
    return resolveEncoderSpec(spec, projectEncoderContext(store));
}

PretrainedListResult listPretrainedEncoders(const std::string &projectPath)
{
    PretrainedListResult result;
    result.status = guarded([&] {
        ProjectStore store = ProjectStore::open(projectPath, /*readOnly=*/true);
        RunStore runs(store.db());
        std::map<std::string, ArtefactInfo> byPath;
        for (const auto &a : runs.artefacts(std::nullopt))
            byPath[a.path] = a;
        for (const auto &ref : pretrainedEncoders(projectEncoderContext(store))) {
            const std::string dir = "pretrained/" + std::to_string(ref.index) + "/";
            const ArtefactInfo &model = byPath.at(dir + "encoder.pt");
            PretrainedEncoderInfo info;
            info.index = ref.index;
            info.spec = ref.spec();
            info.kind = ref.scratch ? "scratch" : "adapted";
            info.base = ref.scratch ? "scratch" : "";
            info.createdAt = model.createdAt;
            info.bytes = model.size;
            info.description = info.kind;
            const auto it = byPath.find(dir + "report.json");
            if (it != byPath.end()) {
                const json r = json::parse(runs.artefactData(it->second.id), nullptr, false);
                if (r.is_object()) {
                    info.base = r.value("base", info.base);
                    info.description = r.value("description", info.description);
                    info.unigramPerplexity = r.value("unigram_perplexity", 0.0);
                    if (r.contains("epochs") && r["epochs"].is_array() && !r["epochs"].empty()) {
                        info.epochs = static_cast<int>(r["epochs"].size());
                        info.perplexity = r["epochs"].back().value("perplexity", 0.0);
                    }
                }
            }
            result.encoders.push_back(std::move(info));
        }
    });
    return result;
}

}   // namespace debut
