#pragma once
// ModelScorer: the Scorer (explain/scorer.h) of a trained Classifier for one
// segment and one target output.
//   binary      P(positive class) = probs[:, 1], calibrated
//   multiclass  P(target class), calibrated (explain the predicted class: pass its index)
//   rating      the predicted rating
// Has the gradient path (integrated gradients) through
// ClassifierImpl::logitsFromEmbedded. The model is put in eval mode (dropout off)
// so score() and scoreEmbedded() agree. The Classifier is shared, not copied.
#include <string>

#include "explain/scorer.h"
#include "train/classifier.h"

namespace debut {

class ModelScorer : public Scorer {
public:
    // target: class index (ignored for rating); -1 = the positive class (binary) / 0.
    ModelScorer(Classifier model, std::string segment, int target = -1);

    int target() const { return m_target; }
    // Name of what is explained: class label, or "rating".
    std::string targetName() const;

    std::vector<double> score(const std::vector<ItemRecord> &items) override;
    std::optional<std::size_t> visibleTextBytes(const ItemRecord &item) const override;
    std::optional<bool> knowsValue(const std::string &field, const std::string &value) const override;

    bool hasGradients() const override { return true; }
    Encoding encodeText(const ItemRecord &item) const override;
    std::int32_t padId() const override;
    torch::Tensor embedTokens(const torch::Tensor &ids) override;
    torch::Tensor scoreEmbedded(const torch::Tensor &embedded, const torch::Tensor &mask,
                                const ItemRecord &item) override;

private:
    torch::Tensor select(const torch::Tensor &logits) const;   // [B, C] -> [B]
    Classifier m_model;
    std::string m_segment;
    int m_target = 0;
};

}   // namespace debut
