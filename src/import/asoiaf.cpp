// placeholder, replaced below
#include "import/importers.h"
namespace canon::import {
Result<ImportResult> ImportAsoiafBooks(const ImportOptions&, ImportLog&) { return Status::Internal("asoiaf: in progress"); }
}
