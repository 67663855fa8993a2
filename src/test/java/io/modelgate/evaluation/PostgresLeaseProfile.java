package io.modelgate.evaluation;

import java.util.HashMap;
import java.util.Map;

/** The postgresql store with leases short enough for a test to see one expire and a run taken over in a second or two. */
public class PostgresLeaseProfile extends PostgresStoreProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("modelgate.store.lease.heartbeat", "200ms");
        overrides.put("modelgate.store.lease.expiry", "1s");
        overrides.put("modelgate.store.lease.takeover-every", "300ms");
        return overrides;
    }
}
