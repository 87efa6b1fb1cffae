package dev.dda.state;

/** Another process holds the lock. */
public class LockHeldException extends java.io.IOException {
    private static final long serialVersionUID = 1L;
    private final transient Lease holder;

    public LockHeldException(Lease holder) {
        super("the state is locked by " + holder.describe()
                + "; wait for it to finish, or if that process is gone run: dda unlock");
        this.holder = holder;
    }

    public Lease holder() {
        return holder;
    }
}
