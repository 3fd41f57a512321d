package dev.netfault.agent.cli;

import dev.netfault.bridge.target.Cidr;
import picocli.CommandLine;

/** Parses one {@code --sources} / {@code --exclude} entry: an IPv4 or IPv6 address or CIDR, never a host name. */
public final class CidrConverter implements CommandLine.ITypeConverter<Cidr> {

    @Override
    public Cidr convert(String value) {
        try {
            return Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
