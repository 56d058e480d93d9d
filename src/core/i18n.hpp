// Languages and the message catalogue. Japanese is the default language of every front end;
// English sits beside it. Messages live in src/core/messages/{ja,en}.toml, compiled into the binary,
// keyed by the same dotted names in both files (a test checks that they match).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ismap::core {

enum class Language { kJa, kEn };

std::string_view ToString(Language language);
std::optional<Language> LanguageFromString(std::string_view text);

// Picks the language of a response: an explicit `?lang=`, then the `lang` cookie, then the first
// supported language in Accept-Language (by q-value), then `fallback`.
Language NegotiateLanguage(std::string_view query_lang, std::string_view cookie_lang, std::string_view accept_language,
                           Language fallback);

// Replaces the first "{name}" in the message `text` with `value` (the catalogue's placeholders).
std::string Fill(std::string_view text, std::string_view name, std::string_view value);

// The compiled-in catalogue. Loaded once; immutable afterwards, so safe to share between threads.
class Messages {
 public:
  static const Messages& Get();

  // The text for `key`, or the key itself when missing (visible, never a crash).
  std::string_view Text(Language language, std::string_view key) const;
  bool Has(Language language, std::string_view key) const;
  const std::unordered_map<std::string, std::string>& All(Language language) const;

 private:
  Messages();
  std::unordered_map<std::string, std::string> ja_;
  std::unordered_map<std::string, std::string> en_;
};

}  // namespace ismap::core
