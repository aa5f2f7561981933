package dev.windsurf.example;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option: a number with a unit ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; {@code 1.5s}
 * too) or ISO-8601 ({@code PT10S}). A number without a unit is refused: seconds or milliseconds would be a guess.
 * Stateless and thread-safe.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws TypeConversionException when the text is neither form, or the duration is negative
     */
    static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = WITH_UNIT.matcher(text);
        Duration d;
        if (m.matches()) {
            java.math.BigDecimal amount = new java.math.BigDecimal(m.group(1));
            long perUnit = switch (m.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            try {
                d = Duration.ofNanos(amount.multiply(java.math.BigDecimal.valueOf(perUnit)).longValueExact());
            } catch (ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is too long a duration");
            }
        } else {
            try {
                d = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration: use a number with a unit "
                        + "(500ms, 10s, 2m, 1h) or ISO-8601 (PT10S)");
            }
        }
        if (d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: a duration must be 0 or more");
        }
        return d;
    }
}
