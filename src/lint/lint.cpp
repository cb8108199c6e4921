// RunLint: settings (`lint RULE SEVERITY`), rule selection, per-key rules
// with the incremental cache, universe-wide rules, exemptions (`allow`),
// front-end diagnostics through the same filter, and the cache file.
#include "lint/lint.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "base/strings.h"
#include "lint/internal.h"

namespace canon {

using lint_internal::Finding;
using lint_internal::ItemRef;
using lint_internal::KeyTable;
using lint_internal::RuleContext;

struct LintCache::Impl {
  struct CachedFinding {
    std::string code;
    std::vector<uint32_t> ordinals;
    int64_t a = 0, b = 0, c = 0;
  };
  struct Entry {
    uint64_t hash = 0;
    std::vector<CachedFinding> findings;
    bool seen = false;  // during a run: the key still exists
  };
  uint64_t config = 0;
  // Keyed by the hash of the entity's qualified id ("netflix:jessica").
  std::unordered_map<uint64_t, Entry> entries;
};

LintCache::LintCache() : impl_(std::make_unique<Impl>()) {}
LintCache::~LintCache() = default;
LintCache::LintCache(LintCache&&) noexcept = default;
LintCache& LintCache::operator=(LintCache&&) noexcept = default;
size_t LintCache::size() const { return impl_->entries.size(); }

namespace {

constexpr const char* kCacheFormat = "canon-lint-cache";
constexpr int kCacheVersion = 1;

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

bool ParseHex(const std::string& s, uint64_t& out) {
  if (s.empty() || s.size() > 16) return false;
  out = 0;
  for (char c : s) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    out = out * 16 + static_cast<uint64_t>(d);
  }
  return true;
}

const DiagKind* KindByCode(std::string_view code) {
  for (const DiagKind& k : AllDiagKinds()) {
    if (k.code == code) return &k;
  }
  return nullptr;
}

const DiagKind* KindByName(std::string_view name) {
  for (const DiagKind& k : AllDiagKinds()) {
    if (EqualsIgnoreCase(k.name, name) || EqualsIgnoreCase(k.code, name)) return &k;
  }
  return nullptr;
}

// Kinds a `lint` line may configure: the lint rules, and warnings or notes
// of other stages. Errors of the language describe a universe that is not
// well defined; they cannot be turned down.
bool Configurable(const DiagKind& k) {
  return FindLintRule(k.name) != nullptr || k.severity != Severity::kError;
}

std::vector<std::string> ConfigurableNames() {
  std::vector<std::string> names;
  for (const DiagKind& k : AllDiagKinds()) {
    if (Configurable(k)) names.emplace_back(k.name);
  }
  return names;
}

std::vector<std::string> ExemptableNames() {
  std::vector<std::string> names;
  for (const LintRuleInfo& r : LintRules()) {
    if (r.exemptable) names.emplace_back(r.name);
  }
  return names;
}

constexpr int kOff = -1;

struct Config {
  std::vector<int> severity;  // per DiagId: Severity as int, or kOff
  std::vector<bool> selected;
  bool has_selection = false;
};

Config BuildConfig(const Universe& u, const LintOptions& options, std::vector<Diagnostic>& meta) {
  const size_t kinds = AllDiagKinds().size();
  Config cfg;
  cfg.severity.resize(kinds);
  for (size_t i = 0; i < kinds; ++i) {
    cfg.severity[i] = static_cast<int>(AllDiagKinds()[i].severity);
  }
  for (const LintRuleInfo& r : LintRules()) {
    if (!r.default_on) cfg.severity[static_cast<size_t>(r.id)] = kOff;
  }
  for (const LintSetting& s : u.lint_settings) {
    const DiagKind* k = KindByName(s.rule);
    if (k == nullptr) {
      std::string hint = DidYouMean(ClosestMatches(s.rule, ConfigurableNames()));
      if (hint.empty()) hint = "`canon lint --list-rules` lists the rules";
      meta.push_back(Diagnostic{DiagId::kLintUnknownRule,
                                Severity::kWarning,
                                s.loc,
                                "unknown rule `" + s.rule + "` in a `lint` line",
                                hint,
                                {}});
      continue;
    }
    if (!Configurable(*k)) {
      meta.push_back(Diagnostic{DiagId::kLintUnknownRule,
                                Severity::kWarning,
                                s.loc,
                                "`" + s.rule + "` (" + std::string(k->code) +
                                    ") is an error of the language and cannot be configured",
                                "fix the error instead; `lint` lines configure the continuity "
                                "rules (L09xx) and warnings",
                                {}});
      continue;
    }
    int sev = s.severity == "error"     ? static_cast<int>(Severity::kError)
              : s.severity == "warning" ? static_cast<int>(Severity::kWarning)
              : s.severity == "info"    ? static_cast<int>(Severity::kNote)
              : s.severity == "off"     ? kOff
                                        : -2;
    if (sev == -2) continue;  // the checker reported E0209
    cfg.severity[static_cast<size_t>(k->id)] = sev;
  }
  cfg.selected.assign(kinds, false);
  for (const std::string& name : options.rules) {
    const DiagKind* k = KindByName(name);
    if (k == nullptr) continue;  // ValidateLintRuleNames reports these
    cfg.selected[static_cast<size_t>(k->id)] = true;
    cfg.has_selection = true;
    // Naming a rule runs it even when it is off by default or by setting.
    if (cfg.severity[static_cast<size_t>(k->id)] == kOff) {
      cfg.severity[static_cast<size_t>(k->id)] = static_cast<int>(k->severity);
    }
  }
  return cfg;
}

bool Shown(const Config& cfg, DiagId id) {
  const size_t i = static_cast<size_t>(id);
  if (cfg.severity[i] == kOff) return false;
  return !cfg.has_selection || cfg.selected[i];
}

// Checks every `allow RULE` clause names an exemptable rule.
void CheckAllowNames(const Universe& u, std::vector<Diagnostic>& meta) {
  auto check = [&](const std::vector<LintAllow>& allows) {
    for (const LintAllow& a : allows) {
      const LintRuleInfo* r = FindLintRule(a.rule);
      if (r != nullptr && r->exemptable) continue;
      if (r != nullptr || KindByName(a.rule) != nullptr) {
        meta.push_back(Diagnostic{DiagId::kLintUnknownRule,
                                  Severity::kWarning,
                                  a.loc,
                                  "`" + a.rule + "` cannot be exempted per statement",
                                  "use a top-level `lint " + a.rule + " off` line instead",
                                  {}});
        continue;
      }
      std::string hint = DidYouMean(ClosestMatches(a.rule, ExemptableNames()));
      if (hint.empty()) hint = "`canon lint --list-rules` lists the rules";
      meta.push_back(Diagnostic{DiagId::kLintUnknownRule,
                                Severity::kWarning,
                                a.loc,
                                "unknown rule `" + a.rule + "` in an `allow` clause",
                                hint,
                                {}});
    }
  };
  for (const Fact& f : u.facts) {
    if (f.started_by == kNone) check(f.allows);
  }
  for (const Event& e : u.events) check(e.allows);
  for (const Appearance& a : u.appearances) check(a.allows);
}

void SortDiagnostics(std::vector<Diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
    auto key = [](const Diagnostic& d) {
      return std::make_tuple(d.loc.file, d.loc.line, d.loc.col, static_cast<int>(d.id));
    };
    return key(a) < key(b);
  });
}

// Runs the per-key rules, reusing cached findings of unchanged keys.
void RunKeys(const RuleContext& ctx, const KeyTable& table, LintCache* cache,
             std::vector<Finding>& out, size_t& checked) {
  const Universe& u = ctx.u;
  const size_t n = u.entities.size();
  checked = 0;
  if (cache == nullptr) {
    for (EntityId e = 0; e < n; ++e) lint_internal::CheckKey(ctx, table, e, out);
    checked = n;
    return;
  }
  LintCache::Impl& c = cache->impl();
  const uint64_t config = ctx.ConfigHash();
  const bool config_ok = c.config == config;
  if (!config_ok) c.entries.clear();
  for (auto& [k, v] : c.entries) v.seen = false;
  c.entries.reserve(n);
  lint_internal::KeyHasher hasher(ctx);
  for (EntityId e = 0; e < n; ++e) {
    const uint64_t key = ctx.EntityHash(e);  // of the qualified id
    const uint64_t h = hasher.Hash(table, e);
    const auto items = table.Items(e);
    {
      auto it = c.entries.find(key);
      if (it != c.entries.end() && it->second.hash == h && !it->second.seen) {
        std::vector<Finding> restored;
        bool valid = true;
        for (const auto& cf : it->second.findings) {
          const DiagKind* k = KindByCode(cf.code);
          if (k == nullptr) {
            valid = false;
            break;
          }
          Finding f;
          f.rule = k->id;
          f.key = e;
          f.a = cf.a;
          f.b = cf.b;
          f.c = cf.c;
          for (uint32_t o : cf.ordinals) {
            if (o >= items.size()) {
              valid = false;
              break;
            }
            f.items.push_back(items[o]);
          }
          if (!valid || !lint_internal::WellFormed(ctx, f)) {
            valid = false;
            break;
          }
          restored.push_back(std::move(f));
        }
        if (valid) {
          for (Finding& f : restored) out.push_back(std::move(f));
          it->second.seen = true;
          continue;
        }
      }
    }
    ++checked;
    const size_t first = out.size();
    lint_internal::CheckKey(ctx, table, e, out);
    LintCache::Impl::Entry entry;
    entry.hash = h;
    if (out.size() > first) {
      std::unordered_map<uint64_t, uint32_t> ordinal;
      auto code = [](const ItemRef& r) {
        return (static_cast<uint64_t>(r.id) << 24) | (static_cast<uint64_t>(r.sub) << 8) |
               static_cast<uint64_t>(r.kind);
      };
      for (uint32_t i = 0; i < items.size(); ++i) ordinal.emplace(code(items[i]), i);
      for (size_t i = first; i < out.size(); ++i) {
        LintCache::Impl::CachedFinding cf;
        cf.code = std::string(GetDiagKind(out[i].rule).code);
        cf.a = out[i].a;
        cf.b = out[i].b;
        cf.c = out[i].c;
        for (const ItemRef& r : out[i].items) cf.ordinals.push_back(ordinal.at(code(r)));
        entry.findings.push_back(std::move(cf));
      }
    }
    entry.seen = true;
    c.entries[key] = std::move(entry);
  }
  std::erase_if(c.entries, [](const auto& kv) { return !kv.second.seen; });
  c.config = config;
}

}  // namespace

bool LintReport::has_errors() const {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

Status ValidateLintRuleNames(const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    const DiagKind* k = KindByName(n);
    if (k != nullptr && Configurable(*k)) continue;
    if (k != nullptr) {
      return Status::InvalidArgument("`" + n + "` is an error of the language, not a lint rule",
                                     "errors are always reported; --rule selects lint rules "
                                     "and warnings");
    }
    std::string hint = DidYouMean(ClosestMatches(n, ConfigurableNames()));
    if (hint.empty()) hint = "`canon lint --list-rules` lists the rules";
    return Status::InvalidArgument("unknown rule `" + n + "`", hint);
  }
  return Status::Ok();
}

LintReport RunLint(const Universe& u, const LintOptions& options,
                   const std::vector<Diagnostic>& front_end) {
  LintReport report;
  std::vector<Diagnostic> meta;
  Config cfg = BuildConfig(u, options, meta);
  CheckAllowNames(u, meta);

  // Story time must have been resolved (even with errors) for the rules
  // that compare it; an unresolved universe counts as "time has errors".
  const bool time_ok = options.time_ok && u.time.resolved;
  ContinuityId only = kNone;
  if (!options.continuity.empty()) only = u.FindContinuity(options.continuity);

  std::vector<bool> enabled(AllDiagKinds().size(), false);
  for (const LintRuleInfo& r : LintRules()) {
    if (!Shown(cfg, r.id)) continue;
    if (r.needs_time && !time_ok) continue;
    enabled[static_cast<size_t>(r.id)] = true;
  }
  RuleContext ctx(u, enabled, time_ok);
  const KeyTable table = lint_internal::BuildKeyTable(u);
  ctx.table = &table;

  std::vector<Finding> findings;
  RunKeys(ctx, table, options.cache, findings, report.keys_checked);
  report.keys_total = u.entities.size();
  lint_internal::CheckGlobal(ctx, findings);

  // Exemptions, severities, continuity filter.
  std::unordered_map<const LintAllow*, bool> used_allows;
  std::vector<const LintAllow*> allows;
  for (const Finding& f : findings) {
    const std::string_view rule = GetDiagKind(f.rule).name;
    allows.clear();
    for (const ItemRef& it : f.items) lint_internal::ItemAllows(u, it, allows);
    const LintAllow* exempt = nullptr;
    for (const LintAllow* a : allows) {
      if (EqualsIgnoreCase(a->rule, rule) || EqualsIgnoreCase(a->rule, GetDiagKind(f.rule).code)) {
        exempt = a;
        break;
      }
    }
    if (exempt != nullptr) used_allows[exempt] = true;
    if (only != kNone && lint_internal::FindingContinuity(u, f) != only &&
        lint_internal::FindingContinuity(u, f) != kNone) {
      continue;
    }
    Diagnostic d = lint_internal::RenderFinding(ctx, f);
    d.severity = static_cast<Severity>(cfg.severity[static_cast<size_t>(f.rule)]);
    if (exempt != nullptr) {
      report.suppressed.push_back(SuppressedFinding{std::move(d), *exempt});
    } else {
      report.diagnostics.push_back(std::move(d));
    }
  }

  // Stale exemptions: only meaningful when every rule ran everywhere.
  if (Shown(cfg, DiagId::kLintUnneededAllow) && !cfg.has_selection && only == kNone && time_ok) {
    auto check = [&](const std::vector<LintAllow>& list, std::string_view what) {
      for (const LintAllow& a : list) {
        const LintRuleInfo* r = FindLintRule(a.rule);
        if (r == nullptr || !r->exemptable || !enabled[static_cast<size_t>(r->id)]) continue;
        if (used_allows.count(&a)) continue;
        meta.push_back(Diagnostic{DiagId::kLintUnneededAllow,
                                  Severity::kWarning,
                                  a.loc,
                                  "`allow " + a.rule +
                                      "` exempts nothing: " + std::string(r->name) +
                                      " finds no problem involving this " + std::string(what),
                                  "remove the clause (reason given: \"" + a.reason + "\")",
                                  {}});
      }
    };
    for (const Fact& f : u.facts) {
      if (f.started_by == kNone) check(f.allows, "fact");
    }
    for (const Event& e : u.events) check(e.allows, "event");
    for (const Appearance& a : u.appearances) check(a.allows, "appearance");
  }
  if (!time_ok) {
    meta.push_back(Diagnostic{DiagId::kLintSkipped,
                              Severity::kWarning,
                              {},
                              "the rules that compare story times were not run: story time has "
                              "errors",
                              "fix the story-time errors first",
                              {}});
  }
  for (Diagnostic& d : meta) {
    if (!Shown(cfg, d.id)) continue;
    d.severity = static_cast<Severity>(cfg.severity[static_cast<size_t>(d.id)]);
    report.diagnostics.push_back(std::move(d));
  }

  // Front-end diagnostics: errors always; the rest through the settings.
  for (const Diagnostic& d : front_end) {
    if (d.severity == Severity::kError) {
      report.diagnostics.push_back(d);
      continue;
    }
    if (!Shown(cfg, d.id)) continue;
    Diagnostic copy = d;
    copy.severity = static_cast<Severity>(cfg.severity[static_cast<size_t>(d.id)]);
    report.diagnostics.push_back(std::move(copy));
  }
  SortDiagnostics(report.diagnostics);
  std::stable_sort(report.suppressed.begin(), report.suppressed.end(),
                   [](const SuppressedFinding& a, const SuppressedFinding& b) {
                     auto key = [](const Diagnostic& d) {
                       return std::make_tuple(d.loc.file, d.loc.line, d.loc.col,
                                              static_cast<int>(d.id));
                     };
                     return key(a.diagnostic) < key(b.diagnostic);
                   });
  return report;
}

std::vector<Diagnostic> LintUniverse(const Universe& u, const LintOptions& options) {
  return RunLint(u, options, {}).diagnostics;
}

// --- cache file ---------------------------------------------------------------

Result<LintCache> LintCache::Load(const std::string& path) {
  LintCache cache;
  std::ifstream in(path, std::ios::binary);
  if (!in) return cache;  // a first run: no cache yet
  std::stringstream buf;
  buf << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(buf.str(), nullptr, /*allow_exceptions=*/false);
  auto bad = [&](const std::string& why) {
    return Status::Corruption("`" + path + "` is not a canon lint cache (" + why + ")",
                              "delete it; the next `canon lint --cache` run rebuilds it");
  };
  if (j.is_discarded() || !j.is_object()) return bad("not JSON");
  if (!j.contains("format") || j["format"] != kCacheFormat) return bad("wrong format tag");
  if (!j.contains("version") || j["version"] != kCacheVersion) {
    return cache;  // another version: start afresh
  }
  uint64_t config = 0;
  if (!j.contains("config") || !j["config"].is_string() ||
      !ParseHex(j["config"].get<std::string>(), config)) {
    return bad("no config hash");
  }
  cache.impl_->config = config;
  if (!j.contains("keys") || !j["keys"].is_object()) return bad("no keys");
  if (!j.contains("checksum") || !j["checksum"].is_string() ||
      j["checksum"].get<std::string>() != Hex(lint_internal::HashString(j["keys"].dump()))) {
    return bad("its checksum does not match: it was changed or damaged");
  }
  for (auto& [key, v] : j["keys"].items()) {
    Impl::Entry e;
    uint64_t id = 0;
    if (!ParseHex(key, id)) return bad("key `" + key + "` is not a key hash");
    if (!v.is_object() || !v.contains("hash") || !v["hash"].is_string() ||
        !ParseHex(v["hash"].get<std::string>(), e.hash)) {
      return bad("key `" + key + "` has no hash");
    }
    if (v.contains("findings")) {
      if (!v["findings"].is_array()) return bad("key `" + key + "` has bad findings");
      for (const auto& fj : v["findings"]) {
        if (!fj.is_array() || fj.size() != 5 || !fj[0].is_string() || !fj[1].is_array() ||
            !fj[2].is_number_integer() || !fj[3].is_number_integer() ||
            !fj[4].is_number_integer()) {
          return bad("key `" + key + "` has a malformed finding");
        }
        Impl::CachedFinding cf;
        cf.code = fj[0].get<std::string>();
        for (const auto& o : fj[1]) {
          if (!o.is_number_unsigned()) return bad("key `" + key + "` has a bad ordinal");
          cf.ordinals.push_back(o.get<uint32_t>());
        }
        cf.a = fj[2].get<int64_t>();
        cf.b = fj[3].get<int64_t>();
        cf.c = fj[4].get<int64_t>();
        e.findings.push_back(std::move(cf));
      }
    }
    cache.impl_->entries.emplace(id, std::move(e));
  }
  return cache;
}

Status LintCache::Save(const std::string& path) const {
  nlohmann::json j;
  j["format"] = kCacheFormat;
  j["version"] = kCacheVersion;
  j["config"] = Hex(impl_->config);
  nlohmann::json keys = nlohmann::json::object();
  // Sorted keys: the file is deterministic.
  std::vector<uint64_t> names;
  for (const auto& [k, v] : impl_->entries) names.push_back(k);
  std::sort(names.begin(), names.end());
  for (uint64_t k : names) {
    const Impl::Entry& e = impl_->entries.at(k);
    nlohmann::json v;
    v["hash"] = Hex(e.hash);
    if (!e.findings.empty()) {
      nlohmann::json fs = nlohmann::json::array();
      for (const auto& f : e.findings) fs.push_back({f.code, f.ordinals, f.a, f.b, f.c});
      v["findings"] = std::move(fs);
    }
    keys[Hex(k)] = std::move(v);
  }
  // A checksum over the keys: a damaged or hand-edited cache is refused
  // rather than trusted.
  j["checksum"] = Hex(lint_internal::HashString(keys.dump()));
  j["keys"] = std::move(keys);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IoError("cannot write `" + tmp + "`", "check the directory exists");
    out << j.dump() << "\n";
    if (!out) return Status::IoError("cannot write `" + tmp + "`", "check free space");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IoError("cannot replace `" + path + "`", "check permissions");
  }
  return Status::Ok();
}

}  // namespace canon
