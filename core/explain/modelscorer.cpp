#include "explain/modelscorer.h"

#include <algorithm>

namespace debut {

ModelScorer::ModelScorer(Classifier model, std::string segment, int target)
    : m_model(std::move(model)), m_segment(std::move(segment))
{
    const auto &cfg = m_model->config();
    if (cfg.kind == TaskKind::Rating)
        m_target = 0;
    else if (target < 0)
        m_target = cfg.kind == TaskKind::Binary ? 1 : 0;
    else
        m_target = std::min<int>(target, int(m_model->config().numOutputs()) - 1);
    m_model->eval();
}

std::string ModelScorer::targetName() const
{
    const auto &cfg = m_model->config();
    if (cfg.kind == TaskKind::Rating)
        return "rating";
    return m_target < int(cfg.labels.size()) ? cfg.labels[std::size_t(m_target)] : std::to_string(m_target);
}

std::vector<double> ModelScorer::score(const std::vector<ItemRecord> &items)
{
    if (items.empty())
        return {};
    m_model->eval();
    const std::vector<std::string> segments(items.size(), m_segment);
    const ItemScores s = m_model->score(items, segments);
    std::vector<double> out(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (m_model->config().kind == TaskKind::Rating)
            out[i] = s.score.at(i);
        else
            out[i] = s.probs.at(i).at(std::size_t(m_target));
    }
    return out;
}

std::optional<std::size_t> ModelScorer::visibleTextBytes(const ItemRecord &item) const
{
    const std::string text = itemText(item);
    const Tokenizer &tok = m_model->encoder()->tokenizer();
    const Encoding cut = m_model->encode({item}).at(0);
    // A few tokens more than the model's cut tell whether text was cut, without
    // tokenizing all of a 10 MB description (encode bounds its work by maxLen).
    const Encoding full = tok.encode(text, int(cut.ids.size()) + 4);
    if (full.ids.size() <= cut.ids.size())
        return std::nullopt;
    std::size_t end = 0;
    for (const auto &o : cut.offsets)
        end = std::max<std::size_t>(end, o.second);
    return end;
}

std::optional<bool> ModelScorer::knowsValue(const std::string &field, const std::string &value) const
{
    const auto &cfg = m_model->config();
    const std::vector<std::string> *vocab = field == "brand"      ? &cfg.brands
                                            : field == "category" ? &cfg.categories
                                                                  : nullptr;
    if (!vocab)
        return std::nullopt;
    return std::find(vocab->begin(), vocab->end(), value) != vocab->end();
}

Encoding ModelScorer::encodeText(const ItemRecord &item) const { return m_model->encode({item}).at(0); }

std::int32_t ModelScorer::padId() const { return m_model->encoder()->tokenizer().padId(); }

torch::Tensor ModelScorer::embedTokens(const torch::Tensor &ids)
{
    return m_model->encoder()->embed(ids.to(m_model->device()));
}

torch::Tensor ModelScorer::select(const torch::Tensor &logits) const
{
    const torch::Tensor p = m_model->probabilities(logits);
    return p.select(1, m_target);
}

torch::Tensor ModelScorer::scoreEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask,
                                         const ItemRecord &item)
{
    m_model->eval();
    const auto B = embedded.size(0);
    const std::vector<ItemRecord> items(std::size_t(B), item);
    const std::vector<std::string> segments(std::size_t(B), m_segment);
    const SideInputs side = m_model->side(items, segments).to(m_model->device());
    const torch::Tensor logits =
        m_model->logitsFromEmbedded(embedded.to(m_model->device()), mask.to(m_model->device()), side);
    return select(logits).to(torch::kCPU, torch::kDouble);
}

}   // namespace debut
