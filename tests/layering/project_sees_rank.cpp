// Compiles: the façade sees every core layer.
#include "rank/csvexport.h"
#include "explain/explanation.h"
