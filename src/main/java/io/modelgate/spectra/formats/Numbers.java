package io.modelgate.spectra.formats;

/**
 * Decimal numbers as spectrum files write them ({@code 12}, {@code -0.5}, {@code .5}, {@code 1.2E-3}), without
 * what {@link Double#parseDouble} also takes (hexadecimal, a {@code d} or {@code f} suffix, surrounding spaces).
 */
final class Numbers {

    private Numbers() {
    }

    /**
     * The value of {@code text}; {@code ±Infinity} for {@code inf}/{@code infinity} (any case, signed) or an
     * overflowing number; {@code NaN} for {@code nan} and for anything that is not a number at all (tell these
     * apart with {@link #isNotANumberWord}).
     */
    static double parse(String text) {
        if (isDecimal(text)) {
            return Double.parseDouble(text);
        }
        String word = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    /** Whether {@code text} spells NaN (any case, optionally signed). */
    static boolean isNotANumberWord(String text) {
        String word = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        return word.equalsIgnoreCase("nan");
    }

    static boolean isDecimal(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Whether a trimmed line starts like a number (a digit, a sign or a decimal point): a peak line. */
    static boolean startsLikeNumber(String line) {
        if (line.isEmpty()) {
            return false;
        }
        char c = line.charAt(0);
        return isDigit(c) || c == '.' || c == '-' || c == '+';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
