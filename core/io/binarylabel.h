#pragma once
// The one list of how a binary label is spelt, shared by the label importer
// (store/importer.h stores a binary label as "1" or "0") and the trainer
// (train/trainer.h puts a binary task's positive class second).
//   positive: 1, 1.0, true, yes, y, pos, positive, clicked, click, bought, buy, like,
//             purchased, purchase, ordered, order, 是, 购买, 已购买, 点击
//   negative: 0, 0.0, false, no, n, neg, negative, viewed, view, impression, shown,
//             skipped, skip, dislike, 否, 未购买, 未点击, 浏览
// Matching ignores ASCII case and surrounding spaces.
#include <string_view>

namespace debut {

enum class BinaryLabel { Positive, Negative, Unknown };

BinaryLabel binaryLabel(std::string_view value);
inline bool isPositiveLabel(std::string_view value) { return binaryLabel(value) == BinaryLabel::Positive; }

}   // namespace debut
