#include "environment.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

QString roleText(EnvironmentRole role)
{
    return role == EnvironmentRole::Source ? u"source"_s : u"preview"_s;
}

QString stateText(EnvironmentState state)
{
    switch (state) {
    case EnvironmentState::Healthy: return u"Healthy"_s;
    case EnvironmentState::Progressing: return u"Progressing"_s;
    case EnvironmentState::Degraded: return u"Degraded"_s;
    case EnvironmentState::ScaledDown: return u"Scaled down"_s;
    case EnvironmentState::Terminating: return u"Terminating"_s;
    case EnvironmentState::Expired: return u"Expired"_s;
    case EnvironmentState::Incomplete: return u"Incomplete"_s;
    }
    return {};
}

int stateSortOrder(EnvironmentState state)
{
    switch (state) {
    case EnvironmentState::Degraded: return 0;
    case EnvironmentState::Incomplete: return 0;
    case EnvironmentState::Expired: return 1;
    case EnvironmentState::Progressing: return 2;
    case EnvironmentState::Terminating: return 3;
    case EnvironmentState::ScaledDown: return 4;
    case EnvironmentState::Healthy: return 5;
    }
    return 6;
}

double QuotaItem::fraction() const
{
    const double limit = hard.toDouble();
    return limit > 0.0 ? used.toDouble() / limit : 0.0;
}

double Environment::quotaUse() const
{
    double best = -1.0;
    for (const QuotaItem &item : quotas)
        best = std::max(best, item.fraction());
    return best;
}

QString Environment::quotaUseText() const
{
    const QuotaItem *best = nullptr;
    for (const QuotaItem &item : quotas) {
        if (!best || item.fraction() > best->fraction())
            best = &item;
    }
    if (!best)
        return {};
    return best->resource % u' ' % best->used.toString() % u" / "_s % best->hard.toString();
}

} // namespace pd::core
