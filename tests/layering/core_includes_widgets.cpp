// Must not compile: core (here its top layer, the façade) never sees widgets/.
#include "projectdocument.h"
