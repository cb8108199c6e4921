#include "lang/lower.h"
namespace canon::lang {
ast::File Lower(const Universe&) { return {}; }
}
