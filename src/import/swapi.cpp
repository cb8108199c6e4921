// placeholder, replaced below
#include "import/importers.h"
namespace canon::import {
Result<ImportResult> ImportSwapi(const ImportOptions&, ImportLog&) { return Status::Internal("swapi: in progress"); }
}
