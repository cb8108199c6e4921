// The importers behind RunImport (internal to src/import).
#ifndef CANON_IMPORT_IMPORTERS_H_
#define CANON_IMPORT_IMPORTERS_H_

#include <string>
#include <unordered_map>

#include "import/import.h"
#include "import/log.h"

namespace canon::import {

Result<ImportResult> ImportGotShow(const ImportOptions& options, ImportLog& log);
Result<ImportResult> ImportSwapi(const ImportOptions& options, ImportLog& log);
Result<ImportResult> ImportAsoiafBooks(const ImportOptions& options, ImportLog& log);

// The show characters of a got-lancaster folder as the got-show importer
// names them: display name -> .canon id (after its merges and collision
// suffixes), plus every alias (nicknames, merged "Young ..." names) -> id.
// Used to link the books continuity to the show.
struct GotShowNames {
  std::unordered_map<std::string, std::string> by_name;   // "Eddard Stark" -> "eddard_stark"
  std::unordered_map<std::string, std::string> by_alias;  // "Ned" -> "eddard_stark"
  std::unordered_map<std::string, std::string> actor;     // id -> actor name
  std::vector<std::string> named;  // ids of characters.json characters, in its order
};
Result<GotShowNames> LoadGotShowNames(const std::string& dir, ImportLog& log);

}  // namespace canon::import

#endif  // CANON_IMPORT_IMPORTERS_H_
