// The `.canon` lexer: splits one source file into lines (indent, tokens,
// trailing comment). Linear in the input; token text is a view into the
// source, only decoded string literals are copied.
#ifndef CANON_LANG_LEXER_H_
#define CANON_LANG_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostics.h"

namespace canon::lang {

enum class Tok : uint8_t {
  kIdent,     // jessica
  kPath,      // jj.s1e8, lbl.end (an identifier followed by .segments)
  kString,    // "..." (decoded into LexedFile::strings[str_index])
  kInteger,   // 42, -3
  kDecimal,   // 1.5
  kDate,      // 2015-11, 2015-11-20 (shape checked; existence is not)
  kTimecode,  // 41:10, 1:02:03 (value in `value`, seconds)
  kColon,
  kComma,
  kAt,
  kKebab,  // dead-acts: identifiers joined by `-` (rule names only)
  kBad,    // already reported; the parser skips it quietly
};

struct Token {
  Tok kind = Tok::kBad;
  bool space_before = false;  // whitespace (or line start) precedes it
  uint32_t offset = 0;        // byte offset in the file
  uint32_t length = 0;
  uint32_t line = 0;  // 1-based
  uint32_t col = 0;   // 1-based byte column
  int64_t value = 0;  // kTimecode: seconds; kString: index into strings
};

struct Line {
  uint32_t number = 0;  // 1-based
  uint32_t indent = 0;  // leading spaces (a tab counts as one, after E0104)
  uint32_t first = 0;   // token range [first, end)
  uint32_t end = 0;
  std::string_view comment;  // "# ..." without trailing spaces; empty if none
  bool has_tokens() const { return end > first; }
  bool blank() const { return end == first && comment.empty(); }
};

struct LexedFile {
  uint32_t file = 0;
  std::string_view text;
  std::vector<Token> tokens;
  std::vector<Line> lines;
  std::vector<std::string> strings;
  bool rejected = false;  // not valid UTF-8: no lines

  std::string_view Text(const Token& t) const { return text.substr(t.offset, t.length); }
  SourceLoc Loc(const Token& t) const { return SourceLoc{file, t.line, t.col, t.length}; }
};

// Lexes `file` of `sources`. Reports E0101-E0107 to `sink`.
LexedFile Lex(const SourceManager& sources, uint32_t file, DiagnosticSink& sink);

}  // namespace canon::lang

#endif  // CANON_LANG_LEXER_H_
