// The `.canon` lexer (see lexer.h): one linear pass per line, no regex.
#include "lang/lexer.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace canon::lang {
namespace {

bool IsIdentStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else
    return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  if (cp > 0x10FFFF) return 0;
  return n;
}

class Lexer {
 public:
  Lexer(const SourceManager& sources, uint32_t file, DiagnosticSink& sink) : sink_(sink) {
    out_.file = file;
    out_.text = sources.contents(file);
  }

  LexedFile Run() {
    std::string_view text = out_.text;
    if (!CheckUtf8()) {
      out_.rejected = true;
      return std::move(out_);
    }
    // Reserve instead of growing: typical `.canon` text averages ~5 bytes
    // per token, and pages of the reservation never written are never
    // resident. Growing by doubling copied the token array of a large file
    // several times and held two copies at its peak. (Denser text still
    // grows the vector as usual.)
    out_.tokens.reserve(text.size() / 4 + 16);
    out_.lines.reserve(text.size() / 16 + 16);
    size_t pos = 0;
    uint32_t line_no = 1;
    while (pos <= text.size()) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string_view::npos) eol = text.size();
      size_t end = eol;
      if (end > pos && text[end - 1] == '\r') --end;
      LexLine(pos, end, line_no);
      if (eol >= text.size()) break;
      pos = eol + 1;
      ++line_no;
    }
    return std::move(out_);
  }

 private:
  void Report(DiagId id, uint32_t line, size_t col0, size_t length, std::string message,
              std::string hint = {}) {
    SourceLoc loc{out_.file, line, static_cast<uint32_t>(col0 + 1),
                  static_cast<uint32_t>(length == 0 ? 1 : length)};
    sink_.Report(id, loc, std::move(message), std::move(hint));
  }

  // Rejects a file that is not UTF-8, reporting the first bad byte. Text is
  // mostly ASCII, so runs of 8 ASCII bytes are skipped a word at a time
  // (this check was a third of the lexer's instructions byte by byte); the
  // line of a bad byte is only counted when there is one.
  bool CheckUtf8() {
    std::string_view s = out_.text;
    constexpr uint64_t kHighBits = 0x8080808080808080ull;
    for (size_t i = 0; i < s.size();) {
      uint64_t word;
      while (i + 8 <= s.size()) {
        std::memcpy(&word, s.data() + i, 8);
        if (word & kHighBits) break;
        i += 8;
      }
      if (i >= s.size()) break;
      size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        size_t line_start = 0;
        if (i > 0) {
          const size_t nl = s.rfind('\n', i - 1);
          if (nl != std::string_view::npos) line_start = nl + 1;
        }
        const size_t col0 = i - line_start;
        const uint32_t line = 1 + static_cast<uint32_t>(std::count(
                                      s.begin(), s.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned char>(s[i]));
        Report(DiagId::kInvalidUtf8, line, col0, 1,
               std::string("the file is not valid UTF-8 (byte 0x") + buf + ")",
               "save the file as UTF-8");
        return false;
      }
      i += n;
    }
    return true;
  }

  void LexLine(size_t begin, size_t end, uint32_t line_no) {
    std::string_view text = out_.text;
    Line line;
    line.number = line_no;
    line.first = line.end = static_cast<uint32_t>(out_.tokens.size());
    size_t i = begin;
    bool tab_reported = false;
    while (i < end && (text[i] == ' ' || text[i] == '\t')) {
      if (text[i] == '\t' && !tab_reported) {
        // Only an error when the line has content; a whitespace-only line is blank.
        size_t j = i;
        while (j < end && (text[j] == ' ' || text[j] == '\t')) ++j;
        if (j < end) {
          Report(DiagId::kTabIndent, line_no, i - begin, 1, "indentation uses a tab",
                 "indent with spaces (two per level)");
        }
        tab_reported = true;
      }
      ++i;
    }
    line.indent = static_cast<uint32_t>(i - begin);
    bool space = true;
    while (i < end) {
      char c = text[i];
      size_t col0 = i - begin;
      if (c == ' ' || c == '\t') {
        space = true;
        ++i;
        continue;
      }
      if (c == '#') {
        size_t e = end;
        while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t')) --e;
        line.comment = text.substr(i, e - i);
        break;
      }
      Token t;
      t.space_before = space;
      t.offset = static_cast<uint32_t>(i);
      t.line = line_no;
      t.col = static_cast<uint32_t>(col0 + 1);
      space = false;
      if (c == '"') {
        i = LexString(t, i, end, begin, line_no);
      } else if (IsIdentStart(c)) {
        size_t j = i;
        bool dotted = false;
        while (j < end && (IsIdentChar(text[j]) || text[j] == '.')) {
          if (text[j] == '.') dotted = true;
          ++j;
        }
        t.kind = dotted ? Tok::kPath : Tok::kIdent;
        // A kebab name (`dead-acts`): an undotted identifier followed by
        // `-LETTER...` runs. Only rule names take this shape; the parser
        // rejects it elsewhere.
        if (!dotted) {
          while (j + 1 < end && text[j] == '-' && IsIdentStart(text[j + 1])) {
            j += 2;
            while (j < end && IsIdentChar(text[j])) ++j;
            t.kind = Tok::kKebab;
          }
        }
        i = j;
      } else if (IsDigit(c) || (c == '-' && i + 1 < end && IsDigit(text[i + 1]))) {
        size_t j = i + 1;
        while (j < end &&
               (IsIdentChar(text[j]) || text[j] == '.' || text[j] == ':' || text[j] == '-')) {
          ++j;
        }
        ClassifyNumber(t, text.substr(i, j - i), line_no, col0);
        i = j;
      } else if (c == ':' || c == ',' || c == '@') {
        t.kind = c == ':' ? Tok::kColon : c == ',' ? Tok::kComma : Tok::kAt;
        ++i;
      } else {
        // A run of characters that cannot start a token: one report.
        size_t j = i;
        while (j < end) {
          char d = text[j];
          if (d == ' ' || d == '\t' || d == '#' || d == '"' || d == ':' || d == ',' || d == '@' ||
              IsIdentChar(d) || (d == '-' && j + 1 < end && IsDigit(text[j + 1]))) {
            break;
          }
          size_t n = Utf8SequenceLength(text, j);
          j += n == 0 ? 1 : n;
        }
        if (j > end) j = end;
        std::string shown(text.substr(i, j - i));
        std::string printable;
        for (unsigned char b : shown) {
          if (b < 0x20 || b == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", b);
            printable += buf;
          } else {
            printable += static_cast<char>(b);
          }
        }
        std::string hint;
        if (c == '-')
          hint = "work ranges like `e1-e8` belong in horizons (--seen), not in .canon";
        else if (static_cast<unsigned char>(c) >= 0x80)
          hint = "names are ASCII identifiers; put other text in a \"string\"";
        Report(DiagId::kBadCharacter, line_no, col0, j - i,
               "unexpected character `" + printable + "`", hint);
        t.kind = Tok::kBad;
        i = j;
      }
      t.length = static_cast<uint32_t>(i - t.offset);
      out_.tokens.push_back(t);
    }
    line.end = static_cast<uint32_t>(out_.tokens.size());
    out_.lines.push_back(line);
  }

  size_t LexString(Token& t, size_t i, size_t end, size_t line_begin, uint32_t line_no) {
    std::string_view text = out_.text;
    std::string value;
    size_t j = i + 1;
    bool closed = false;
    while (j < end) {
      char c = text[j];
      if (c == '"') {
        closed = true;
        ++j;
        break;
      }
      if (c == '\\') {
        if (j + 1 >= end) {
          ++j;
          break;
        }
        char e = text[j + 1];
        switch (e) {
          case '"':
            value += '"';
            break;
          case '\\':
            value += '\\';
            break;
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          default: {
            size_t n = Utf8SequenceLength(text, j + 1);
            if (n == 0) n = 1;
            Report(DiagId::kBadEscape, line_no, j - line_begin, 1 + n,
                   "unknown escape `\\" + std::string(text.substr(j + 1, n)) + "` in a string",
                   "the escapes are \\\" \\\\ \\n \\t");
            value.append(text.substr(j + 1, n));
            j += 1 + n;
            continue;
          }
        }
        j += 2;
        continue;
      }
      value += c;
      ++j;
    }
    if (!closed) {
      Report(DiagId::kUnterminatedString, line_no, i - line_begin, end - i,
             "this string has no closing `\"`", "a string ends on its own line");
      t.kind = Tok::kBad;
      return end;
    }
    t.kind = Tok::kString;
    t.value = static_cast<int64_t>(out_.strings.size());
    out_.strings.push_back(std::move(value));
    return j;
  }

  // Reads `n` digits at w[k]; returns false when there are none or too many.
  static bool Digits(std::string_view w, size_t& k, size_t max, int64_t& v, size_t& count) {
    size_t start = k;
    v = 0;
    while (k < w.size() && IsDigit(w[k])) {
      if (k - start < 18) v = v * 10 + (w[k] - '0');
      ++k;
    }
    count = k - start;
    return count > 0 && count <= max;
  }

  void ClassifyNumber(Token& t, std::string_view w, uint32_t line_no, size_t col0) {
    size_t k = 0;
    bool negative = false;
    if (w[k] == '-') {
      negative = true;
      ++k;
    }
    int64_t a = 0, b = 0, c = 0;
    size_t na = 0, nb = 0, nc = 0;
    auto bad = [&](std::string message, std::string hint) {
      Report(DiagId::kBadNumber, line_no, col0, w.size(), std::move(message), std::move(hint));
      t.kind = Tok::kBad;
    };
    bool ok_a = Digits(w, k, 18, a, na);
    if (!ok_a) {
      bad("number `" + std::string(w) + "` is too long", "numbers have at most 18 digits");
      return;
    }
    if (k == w.size()) {
      t.kind = Tok::kInteger;
      return;
    }
    char sep = w[k++];
    if (sep == '.') {
      if (Digits(w, k, 18, b, nb) && k == w.size()) {
        t.kind = Tok::kDecimal;
        return;
      }
    } else if (sep == '-') {
      if (na <= 6 && Digits(w, k, 2, b, nb) && nb == 2) {
        if (k == w.size()) {
          t.kind = Tok::kDate;
          return;
        }
        if (w[k] == '-') {
          ++k;
          if (Digits(w, k, 2, c, nc) && nc == 2 && k == w.size()) {
            t.kind = Tok::kDate;
            return;
          }
        }
      }
      bad("malformed date `" + std::string(w) + "`", "write dates as YYYY, YYYY-MM or YYYY-MM-DD");
      return;
    } else if (sep == ':' && !negative) {
      if (na <= 6 && Digits(w, k, 2, b, nb) && nb == 2 && b < 60) {
        if (k == w.size()) {
          t.kind = Tok::kTimecode;
          t.value = a * 60 + b;
          return;
        }
        if (w[k] == ':') {
          ++k;
          if (Digits(w, k, 2, c, nc) && nc == 2 && c < 60 && k == w.size()) {
            t.kind = Tok::kTimecode;
            t.value = (a * 60 + b) * 60 + c;
            return;
          }
        }
      }
      bad("malformed timecode `" + std::string(w) + "`",
          "write timecodes as MM:SS or H:MM:SS (seconds and minutes below 60)");
      return;
    }
    bad("malformed number `" + std::string(w) + "`",
        "numbers are digits with an optional `-` and `.fraction`; names cannot start with a digit");
  }

  DiagnosticSink& sink_;
  LexedFile out_;
};

}  // namespace

LexedFile Lex(const SourceManager& sources, uint32_t file, DiagnosticSink& sink) {
  return Lexer(sources, file, sink).Run();
}

}  // namespace canon::lang
