// `canon import`: turns public datasets into .canon universes. Each format
// (got-show, swapi, asoiaf-books) reads a dataset folder as published (see
// its SOURCE.md), maps what the language can say, and reports every record
// it cannot map faithfully as an import diagnostic naming the record. The
// mapping of every field is documented in docs/importers.md.
//
// Importers stream their input: a large JSON array is read one element at a
// time and CSV one row at a time, so memory is bounded by the universe being
// built, not by the size of the files.
#ifndef CANON_IMPORT_IMPORT_H_
#define CANON_IMPORT_IMPORT_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "canon/status.h"
#include "import/log.h"

namespace canon::import {

struct ImportOptions {
  std::string format;  // one of ImportFormats()
  std::string source;  // the dataset folder
  // asoiaf-books only: the got-lancaster folder. When set, the import also
  // matches books characters to show characters by name and alias and
  // returns counterpart links (ImportResult::counterparts).
  std::string show_source;
  // Where to draw a progress bar; null for none. The CLI passes stderr only
  // when it is a terminal.
  std::ostream* progress = nullptr;
};

struct ImportResult {
  std::string text;          // the .canon file
  std::string counterparts;  // asoiaf-books with show_source: a .canon file of counterpart lines
  std::string summary;       // one line: what was imported ("73 episodes, 4165 scenes, ...")
};

struct ImportFormat {
  std::string_view name;         // "got-show"
  std::string_view dataset;      // "got-lancaster"
  std::string_view description;  // one line for --help
};
const std::vector<ImportFormat>& ImportFormats();

// Runs one importer. Record-level problems go to `log` (the import still
// succeeds); an unreadable or malformed dataset is an error Status.
Result<ImportResult> RunImport(const ImportOptions& options, ImportLog& log);

}  // namespace canon::import

#endif  // CANON_IMPORT_IMPORT_H_
