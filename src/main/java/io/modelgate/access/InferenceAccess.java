package io.modelgate.access;

/** Whether inference requests need a key: {@code modelgate.auth.inference}. */
public enum InferenceAccess {
    /** Anyone who reaches the port may infer. */
    OPEN,
    /** Only a key with the {@code infer} (or {@code admin}) role may infer. */
    KEY
}
