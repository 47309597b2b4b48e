#pragma once
// Scorer: the one thing every explanation method needs from a model.
//
// A Scorer maps items to ONE number each: the quantity being explained
// (calibrated probability of the positive class for binary tasks, probability
// of one fixed target class for multi-class tasks, the predicted rating for
// rating tasks). Explanation methods only perturb items and call score(); they
// never see the model, so they are unit-tested with small hand-written scorers.
//
// The gradient path (integrated gradients) is optional: a scorer that has it
// returns true from hasGradients() and implements the four gradient calls.
// Shapes: ids [B, T] int64, mask [B, T] bool, embedded [B, T, E] float.
#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"
#include "text/tokenizer.h"

namespace debut {

class Scorer {
public:
    virtual ~Scorer() = default;

    // One value per item, in order. Must accept any number of items (the
    // implementation batches internally) and items with empty title or
    // description. Throws Error / Cancelled.
    virtual std::vector<double> score(const std::vector<ItemRecord> &items) = 0;

    // Byte length of itemText(item) that the model actually reads (text after
    // it is cut by the tokenizer's maximum length); nullopt = all of it.
    virtual std::optional<std::size_t> visibleTextBytes(const ItemRecord &) const { return std::nullopt; }

    // Whether a side-field value ("brand"/"category") was seen in training;
    // nullopt = the scorer cannot tell.
    virtual std::optional<bool> knowsValue(const std::string & /*field*/, const std::string & /*value*/) const
    {
        return std::nullopt;
    }

    // ---- optional gradient path (integrated gradients) -------------------------
    virtual bool hasGradients() const { return false; }
    // Tokenizes itemText(item) exactly as score() does (special tokens, truncation);
    // offsets are byte offsets into itemText(item).
    virtual Encoding encodeText(const ItemRecord &) const { return {}; }
    virtual std::int32_t padId() const { return 0; }
    // ids [B, T] -> input embeddings [B, T, E] (no gradient needed).
    virtual torch::Tensor embedTokens(const torch::Tensor &ids) { return ids; }
    // embedded [B, T, E], mask [B, T] -> [B] scores, differentiable w.r.t. `embedded`.
    // `item` supplies the side fields (price, brand, category), broadcast over B.
    // Must agree with score({item}) when `embedded` = embedTokens(encodeText(item).ids).
    virtual torch::Tensor scoreEmbedded(const torch::Tensor &embedded, const torch::Tensor & /*mask*/,
                                        const ItemRecord & /*item*/)
    {
        return embedded;
    }
};

}   // namespace debut
