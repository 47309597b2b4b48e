// Must not compile: explain and rank are siblings over train.
#include "rank/ranker.h"
