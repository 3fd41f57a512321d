package dev.netfault.bridge.nftlib;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** The few libc calls the library path needs: entering a namespace, an in-memory script file, the local zone. */
interface LibC extends Library {

    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    int MFD_CLOEXEC = 1;

    static LibC load() {
        return Native.load("c", LibC.class);
    }

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** Moves the calling thread (only it) into the namespace {@code fd} refers to. */
    int setns(int fd, int nstype) throws LastErrorException;

    int memfd_create(String name, int flags) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    void tzset();

    /**
     * True when libc's local zone is UTC all year ({@code timezone == 0 && daylight == 0} after {@code tzset}): then a
     * {@code TZ=UTC} nft process and this process read {@code meta time "..."} strings alike.
     */
    static boolean localZoneIsUtc(LibC libc) {
        libc.tzset();
        NativeLibrary c = NativeLibrary.getInstance("c");
        return c.getGlobalVariableAddress("timezone").getNativeLong(0).longValue() == 0
                && c.getGlobalVariableAddress("daylight").getInt(0) == 0;
    }
}
