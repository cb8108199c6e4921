// Canonical layout of generated .canon text, by the language's own printer:
// importers write plain text and this puts it in the form `canon fmt` gives,
// so a generated file passes `canon fmt --check` and diffs stay small.
#ifndef CANON_IMPORT_FORMAT_H_
#define CANON_IMPORT_FORMAT_H_

#include <string>

#include "canon/status.h"

namespace canon::import {

// Parses `text` and prints it canonically. A syntax error means the importer
// wrote bad text: an Internal error quoting the first diagnostics.
Result<std::string> CanonicalText(const std::string& text, const std::string& name);

}  // namespace canon::import

#endif  // CANON_IMPORT_FORMAT_H_
