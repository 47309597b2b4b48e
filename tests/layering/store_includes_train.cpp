// Must not compile: store is below train.
#include "train/trainconfig.h"
