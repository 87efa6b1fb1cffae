package dev.dda.state;

/**
 * The lock is held by a lease that has expired: its holder probably died. It is still not taken over silently,
 * because the holder may only be slow; {@code dda unlock} takes it over on purpose.
 */
public class LeaseExpiredException extends LockHeldException {
    private static final long serialVersionUID = 1L;

    public LeaseExpiredException(Lease holder) {
        super(holder);
    }

    @Override
    public String getMessage() {
        Lease h = holder();
        return "the state is locked by " + h.describe() + ". That lease expired at " + h.expires()
                + ", so its holder has probably stopped; if you are sure, run: dda unlock";
    }
}
