package io.modelgate.access;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The infer role for gRPC's {@code ModelInfer} on a gRPC port of its own
 * ({@code quarkus.grpc.server.use-separate-server=true}): the HTTP permissions of application.properties, which
 * guard it on the HTTP port, never see that port's calls. On the HTTP port this lets every call through untouched,
 * as the permissions have decided already. Keys are read from the metadata as on HTTP:
 * {@code authorization: Bearer <key>} or {@code x-api-key: <key>}.
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcSeparatePortKeys implements ServerInterceptor {

    static final String MODEL_INFER = "inference.GRPCInferenceService/ModelInfer";
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final boolean separatePort;
    private final KeyRing keys;

    public GrpcSeparatePortKeys(@ConfigProperty(name = "quarkus.grpc.server.use-separate-server") boolean separatePort,
                                KeyRing keys) {
        this.separatePort = separatePort;
        this.keys = keys;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (!separatePort || !MODEL_INFER.equals(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        Optional<String> key = ApiKeyAuthenticationMechanism.keyOf(headers.get(API_KEY), headers.get(AUTHORIZATION));
        Optional<ApiKeys.Entry> entry = key.flatMap(keys::find);
        Set<String> roles = entry.map(e -> e.roles().stream().map(Role::id).collect(Collectors.toSet())).orElse(Set.of());
        AccessRules.Decision decision = keys.rules().decide(Role.INFER, roles, entry.isEmpty(), remoteAddress(call));
        Status refusal = switch (decision) {
            case PERMIT -> null;
            case NEEDS_KEY -> Status.UNAUTHENTICATED.withDescription(key.isPresent()
                    ? "the API key sent is not one of the configured keys"
                    : "ModelInfer needs an API key with the 'infer' role: send it as metadata 'authorization: Bearer <key>'"
                    + " or 'x-api-key: <key>'");
            case LACKS_ROLE -> Status.PERMISSION_DENIED.withDescription("the API key has no 'infer' role, which ModelInfer needs");
            case LOOPBACK_ONLY -> Status.PERMISSION_DENIED.withDescription("ModelInfer is answered only from the loopback"
                    + " address while no API keys are configured (modelgate.auth.keys-file)");
        };
        if (refusal == null) {
            return next.startCall(call, headers);
        }
        call.close(refusal, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static String remoteAddress(ServerCall<?, ?> call) {
        SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return address instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
    }
}
