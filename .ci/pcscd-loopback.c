/*
 * Preloaded into pcscd by .ci/pcsc-stack.sh (LD_PRELOAD): every TCP socket that pcscd or a reader
 * driver binds to the wildcard address (0.0.0.0 or ::) is bound to the loopback address instead
 * (127.0.0.1 or ::1). pcscd itself only uses a Unix socket; the one driver of the test stack that
 * listens on TCP is vsmartcard's vpcd, which binds 0.0.0.0 on ports 35963 and 35964 with no way to
 * configure the address, so that anyone on the network could put a card into its virtual reader.
 * With this, only programs on this machine can.
 *
 * Written for mynacard; uses the dynamic linker's RTLD_NEXT to reach the C library's bind().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    static bind_fn next;
    if (next == NULL) {
        next = (bind_fn) dlsym(RTLD_NEXT, "bind");
        if (next == NULL) {
            errno = ENOSYS;
            return -1;
        }
    }
    if (addr != NULL && addr->sa_family == AF_INET && len >= (socklen_t) sizeof(struct sockaddr_in)) {
        struct sockaddr_in in4;
        memcpy(&in4, addr, sizeof in4);
        if (in4.sin_addr.s_addr == htonl(INADDR_ANY)) {
            in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return next(fd, (const struct sockaddr *) &in4, sizeof in4);
        }
    } else if (addr != NULL && addr->sa_family == AF_INET6 && len >= (socklen_t) sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 in6;
        memcpy(&in6, addr, sizeof in6);
        if (memcmp(&in6.sin6_addr, &in6addr_any, sizeof in6.sin6_addr) == 0) {
            in6.sin6_addr = in6addr_loopback;
            return next(fd, (const struct sockaddr *) &in6, sizeof in6);
        }
    }
    return next(fd, addr, len);
}
