// Compiles: the façade sees every core layer.
#include "explain/explanation.h"
#include "rank/csvexport.h"
