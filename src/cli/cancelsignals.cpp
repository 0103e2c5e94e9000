#include "cancelsignals.h"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pd::cli {

namespace {

int g_fds[2] = {-1, -1};          // [0] read by the notifier, [1] written by the handler
struct sigaction g_previous[2];   // SIGINT, SIGTERM as they were
const int kSignals[2] = {SIGINT, SIGTERM};

void onCancelSignal(int number)
{
    const int saved = errno;
    const char byte = char(number);
    // Nothing but write(2) here; a full pipe only loses a repeat of the same request.
    [[maybe_unused]] const ssize_t written = ::write(g_fds[1], &byte, 1);
    errno = saved;
}

} // namespace

CancelSignals::CancelSignals(QObject *parent)
    : QObject(parent)
{
    if (g_fds[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0) {
        return;   // one at a time; without a socket pair the signals keep their default
    }
    ::fcntl(g_fds[1], F_SETFL, ::fcntl(g_fds[1], F_GETFL) | O_NONBLOCK);
    m_notifier = std::make_unique<QSocketNotifier>(g_fds[0], QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &CancelSignals::onReadable);
    struct sigaction action = {};
    action.sa_handler = onCancelSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < 2; ++i)
        ::sigaction(kSignals[i], &action, &g_previous[i]);
}

CancelSignals::~CancelSignals()
{
    if (!m_notifier)
        return;
    for (int i = 0; i < 2; ++i)
        ::sigaction(kSignals[i], &g_previous[i], nullptr);
    m_notifier.reset();
    ::close(g_fds[0]);
    ::close(g_fds[1]);
    g_fds[0] = g_fds[1] = -1;
}

void CancelSignals::onReadable()
{
    char byte = 0;
    if (::read(g_fds[0], &byte, 1) != 1)
        return;
    const bool first = m_received == 0;
    if (first)
        m_received = int(byte);
    Q_EMIT cancelRequested(int(byte));
}

} // namespace pd::cli
