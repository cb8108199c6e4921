// `canon import` dispatch (see import.h).
#include "import/import.h"

#include "base/strings.h"
#include "import/common.h"
#include "import/importers.h"

namespace canon::import {

const std::vector<ImportFormat>& ImportFormats() {
  static const std::vector<ImportFormat> kFormats = {
      {"got-show", "got-lancaster",
       "Game of Thrones (HBO): episodes, timed scenes, deaths, marriages, relations"},
      {"swapi", "starwars-swapi",
       "Star Wars films (SWAPI, with the Gabasova networks beside it): appearances, birth years"},
      {"asoiaf-books", "asoiaf-anapioficeandfire",
       "A Song of Ice and Fire novels: characters, AC-dated births and deaths, houses"},
  };
  return kFormats;
}

Result<ImportResult> RunImport(const ImportOptions& options, ImportLog& log) {
  if (!IsDirectory(options.source)) {
    return Status::IoError("`" + options.source + "` is not a folder",
                           "name the dataset folder, e.g. ../shared/data/got-lancaster");
  }
  if (options.format == "got-show") return ImportGotShow(options, log);
  if (options.format == "swapi") return ImportSwapi(options, log);
  if (options.format == "asoiaf-books") return ImportAsoiafBooks(options, log);
  std::vector<std::string> names;
  for (const ImportFormat& f : ImportFormats()) names.emplace_back(f.name);
  std::string hint = DidYouMean(ClosestMatches(options.format, names));
  if (hint.empty()) hint = "formats: " + Join(names, ", ");
  return Status::InvalidArgument("unknown import format `" + options.format + "`", hint);
}

}  // namespace canon::import
