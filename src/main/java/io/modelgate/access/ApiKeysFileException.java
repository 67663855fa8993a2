package io.modelgate.access;

/** A keys file that cannot be used; stops the start. Its message names the file and line, never a key. */
public class ApiKeysFileException extends RuntimeException {

    public ApiKeysFileException(String message) {
        super(message);
    }
}
