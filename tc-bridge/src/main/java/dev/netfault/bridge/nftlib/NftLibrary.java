package dev.netfault.bridge.nftlib;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Map;

/**
 * The part of libnftables(3) netfault calls. A context is not thread-safe: one thread owns it ({@link NftWorker}).
 * Strings cross as UTF-8; the output and error buffers are copied out and emptied by each get.
 */
public interface NftLibrary extends Library {

    /** {@code NFT_CTX_OUTPUT_STATELESS}: {@code nft -s}. */
    int OUTPUT_STATELESS = 1 << 2;
    /** {@code NFT_CTX_OUTPUT_HANDLE}: {@code nft -a}. */
    int OUTPUT_HANDLE = 1 << 3;
    /** {@code NFT_CTX_OUTPUT_JSON}: {@code nft -j}. */
    int OUTPUT_JSON = 1 << 4;
    /** {@code NFT_CTX_OUTPUT_TERSE}: {@code nft -t}, sets listed without their elements. */
    int OUTPUT_TERSE = 1 << 11;

    /** Loads Debian's {@code libnftables.so.1} (package libnftables1, which the {@code nft} binary needs too). */
    static NftLibrary load() {
        return Native.load("libnftables.so.1", NftLibrary.class,
                Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
    }

    Pointer nft_ctx_new(int flags);

    void nft_ctx_free(Pointer ctx);

    int nft_ctx_buffer_output(Pointer ctx);

    int nft_ctx_buffer_error(Pointer ctx);

    String nft_ctx_get_output_buffer(Pointer ctx);

    String nft_ctx_get_error_buffer(Pointer ctx);

    void nft_ctx_output_set_flags(Pointer ctx, int flags);

    int nft_run_cmd_from_buffer(Pointer ctx, String buf);

    int nft_run_cmd_from_filename(Pointer ctx, String filename);
}
