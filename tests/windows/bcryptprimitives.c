/* Test-only stand-in for Windows' bcryptprimitives.dll, for running the cross-built
 * `disclosure.exe` under Debian's Wine 8, which lacks ProcessPrng: Rust's standard library
 * (1.78 and later) takes its random numbers from ProcessPrng on Windows 10 and later. This
 * DLL exports it, filled by RtlGenRandom (advapi32's SystemFunction036), which Wine has.
 * Never shipped: real Windows has the real DLL. Built by tests/windows/wine-test.sh. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
