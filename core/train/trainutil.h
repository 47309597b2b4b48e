#pragma once
// Internal pieces of the trainer (not a public API). Each concern has its own
// header: train/split.h (folds, batches, augmentation), train/evaluation.h (dev
// metrics, zero-shot baseline, temperature), train/contrastive.h (the SetFit
// stage), train/resumestate.h (the resumable checkpoint). This one holds the
// side-field vocabulary and includes the others for code that wants them all.
#include <vector>

#include "train/classifier.h"
#include "train/contrastive.h"
#include "train/evaluation.h"
#include "train/resumestate.h"
#include "train/split.h"
#include "train/trainer.h"

namespace debut {

// Brands, categories, segments (non-empty, sorted) and log1p(price) mean/std.
void fillSideVocabulary(ClassifierConfig &config, const std::vector<TrainExample> &examples);

}   // namespace debut
