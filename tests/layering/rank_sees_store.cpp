// Compiles: rank links train, which links store, so store's headers are visible.
#include "store/runstore.h"
