// Must not compile: rank is below the façade.
#include "project/recommend.h"
