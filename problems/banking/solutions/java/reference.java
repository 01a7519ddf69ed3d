// Reference solution for the banking system: all four levels, in every variant (graded as
// BankingSystemImpl.java).
//
// Level 3 comes in three variants, and level 4 follows each: cashback (the levels as written:
// pay, getPaymentStatus), scheduled (schedulePayment, cancelPayment) and accept (offerTransfer,
// acceptTransfer). A session calls one variant's methods only; mergeAccounts and getBalance
// serve all three.
//
// No method says @Override: the same file is graded against the interface of every level, and at
// level 1 the interface does not declare the methods of levels 2-4 yet. Amounts are long: the
// tests deposit billions.

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

public class BankingSystemImpl implements BankingSystem {
    private static final long CASHBACK_DELAY = 86_400_000L; // 24 hours in milliseconds
    private static final long CASHBACK_PERCENT = 2;
    private static final long OFFER_LIFETIME = 86_400_000L; // an offered transfer expires 24 hours after it is made

    /** One account's life: balance, outgoing total and its balance history. */
    private static final class Account {
        final String id;
        final long createdAt;
        long balance;
        long outgoing;
        Long closedAt; // set when merged into another account
        final List<Long> times = new ArrayList<>(); // history: the balance after every change
        final List<Long> balances = new ArrayList<>();

        Account(String id, long createdAt) {
            this.id = id;
            this.createdAt = createdAt;
            times.add(createdAt);
            balances.add(0L);
        }

        void change(long timestamp, long delta) {
            balance += delta;
            times.add(timestamp);
            balances.add(balance);
        }

        Long balanceAt(long timeAt) {
            if (timeAt < createdAt || (closedAt != null && timeAt >= closedAt)) {
                return null;
            }
            // The last change at or before timeAt: times only grow, so search from the end.
            int index = times.size() - 1;
            while (times.get(index) > timeAt) {
                index--;
            }
            return balances.get(index);
        }
    }

    /** Something that happens at a time of its own, before the first call at or after it. */
    private abstract static class Timed {
        final long due;
        long order; // set when queued: records due at the same time come due in the order queued

        Timed(long due) {
            this.due = due;
        }

        abstract void comeDue();
    }

    /** Variant cashback: a payment, whose cashback is credited when due. */
    private static final class Payment extends Timed {
        Account owner;
        final long cashback;
        boolean received;

        Payment(Account owner, long amount, long due) {
            super(due);
            this.owner = owner;
            this.cashback = amount * CASHBACK_PERCENT / 100; // amounts are positive: division rounds down
        }

        void comeDue() {
            owner.change(due, cashback);
            received = true;
        }
    }

    private enum ScheduledState { WAITING, DONE, SKIPPED, CANCELLED }

    /** Variant scheduled: a payment carried out when due, if the balance allows. */
    private static final class ScheduledPayment extends Timed {
        Account owner; // changes on a merge: the survivor pays
        final long amount;
        ScheduledState state = ScheduledState.WAITING;

        ScheduledPayment(Account owner, long amount, long due) {
            super(due);
            this.owner = owner;
            this.amount = amount;
        }

        void comeDue() {
            if (state != ScheduledState.WAITING) {
                return; // cancelled
            }
            if (owner.balance < amount) {
                state = ScheduledState.SKIPPED;
                return;
            }
            owner.change(due, -amount);
            owner.outgoing += amount;
            state = ScheduledState.DONE;
        }
    }

    private enum OfferState { PENDING, ACCEPTED, EXPIRED, WITHDRAWN } // withdrawn: by a merge

    /** Variant accept: an offered transfer, its amount held from the source until accepted or expired. */
    private static final class Offer extends Timed {
        Account source;
        Account target;
        final long amount;
        OfferState state = OfferState.PENDING;

        Offer(Account source, Account target, long amount, long expires) {
            super(expires);
            this.source = source;
            this.target = target;
            this.amount = amount;
        }

        void comeDue() {
            if (state == OfferState.PENDING) {
                source.change(due, amount); // the hold goes back
                state = OfferState.EXPIRED;
            }
        }
    }

    private final Map<String, Account> accounts = new HashMap<>(); // accounts that exist now
    private final Map<String, List<Account>> lives = new HashMap<>(); // every account ever created under an id
    private final Map<String, Payment> payments = new HashMap<>();
    private final Map<String, ScheduledPayment> scheduled = new HashMap<>();
    private final Map<String, Offer> offers = new HashMap<>();
    private final PriorityQueue<Timed> pending = // every record yet to come due
            new PriorityQueue<>(Comparator.comparingLong((Timed t) -> t.due).thenComparingLong(t -> t.order));
    private long queued;

    // -- helpers ---------------------------------------------------------------

    private void atDue(Timed record) {
        record.order = queued++;
        pending.add(record);
    }

    /** Let everything due at or before {@code timestamp} happen: in due order, ties in the order made. */
    private void settle(long timestamp) {
        while (!pending.isEmpty() && pending.peek().due <= timestamp) {
            pending.poll().comeDue();
        }
    }

    // -- level 1 ---------------------------------------------------------------

    public boolean createAccount(long timestamp, String accountId) {
        settle(timestamp);
        if (accounts.containsKey(accountId)) {
            return false;
        }
        Account account = new Account(accountId, timestamp);
        accounts.put(accountId, account);
        lives.computeIfAbsent(accountId, unused -> new ArrayList<>()).add(account);
        return true;
    }

    public Long deposit(long timestamp, String accountId, long amount) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        if (account == null) {
            return null;
        }
        account.change(timestamp, amount);
        return account.balance;
    }

    public Long transfer(long timestamp, String sourceAccountId, String targetAccountId, long amount) {
        settle(timestamp);
        Account source = accounts.get(sourceAccountId);
        Account target = accounts.get(targetAccountId);
        if (source == null || target == null || source == target || source.balance < amount) {
            return null;
        }
        source.change(timestamp, -amount);
        target.change(timestamp, amount);
        source.outgoing += amount;
        return source.balance;
    }

    // -- level 2 ---------------------------------------------------------------

    public List<String> topSpenders(long timestamp, long n) {
        settle(timestamp);
        List<Account> ranked = new ArrayList<>(accounts.values());
        ranked.sort(Comparator.comparingLong((Account a) -> -a.outgoing).thenComparing(a -> a.id));
        List<String> top = new ArrayList<>();
        for (Account account : ranked.subList(0, (int) Math.min(n, ranked.size()))) {
            top.add(account.id + "(" + account.outgoing + ")");
        }
        return top;
    }

    // -- level 3, variant cashback ---------------------------------------------

    public String pay(long timestamp, String accountId, long amount) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        if (account == null || account.balance < amount) {
            return null;
        }
        account.change(timestamp, -amount);
        account.outgoing += amount;
        String paymentId = "payment" + (payments.size() + 1);
        Payment payment = new Payment(account, amount, timestamp + CASHBACK_DELAY);
        payments.put(paymentId, payment);
        atDue(payment);
        return paymentId;
    }

    public String getPaymentStatus(long timestamp, String accountId, String payment) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        Payment record = payments.get(payment);
        if (account == null || record == null || record.owner != account) {
            return null;
        }
        return record.received ? "CASHBACK_RECEIVED" : "IN_PROGRESS";
    }

    // -- level 3, variant scheduled --------------------------------------------

    public String schedulePayment(long timestamp, String accountId, long amount, long delay) {
        settle(timestamp);
        Account account = accounts.get(accountId);
        if (account == null) {
            return null;
        }
        String paymentId = "payment" + (scheduled.size() + 1);
        ScheduledPayment payment = new ScheduledPayment(account, amount, timestamp + delay);
        scheduled.put(paymentId, payment);
        atDue(payment);
        return paymentId;
    }

    public boolean cancelPayment(long timestamp, String accountId, String paymentId) {
        settle(timestamp); // a payment due now has been handled: too late to cancel
        Account account = accounts.get(accountId);
        ScheduledPayment payment = scheduled.get(paymentId);
        if (account == null || payment == null || payment.owner != account || payment.state != ScheduledState.WAITING) {
            return false;
        }
        payment.state = ScheduledState.CANCELLED;
        return true;
    }

    // -- level 3, variant accept -----------------------------------------------

    public String offerTransfer(long timestamp, String sourceAccountId, String targetAccountId, long amount) {
        settle(timestamp);
        Account source = accounts.get(sourceAccountId);
        Account target = accounts.get(targetAccountId);
        if (source == null || target == null || source == target || amount > source.balance) {
            return null;
        }
        source.change(timestamp, -amount); // held: out of the balance until accepted or expired
        String transferId = "transfer" + (offers.size() + 1);
        Offer offer = new Offer(source, target, amount, timestamp + OFFER_LIFETIME);
        offers.put(transferId, offer);
        atDue(offer);
        return transferId;
    }

    public boolean acceptTransfer(long timestamp, String accountId, String transferId) {
        settle(timestamp); // an offer expiring now has expired
        Account account = accounts.get(accountId);
        Offer offer = offers.get(transferId);
        if (account == null || offer == null || offer.target != account || offer.state != OfferState.PENDING) {
            return false;
        }
        offer.state = OfferState.ACCEPTED;
        account.change(timestamp, offer.amount);
        offer.source.outgoing += offer.amount;
        return true;
    }

    // -- level 4 ---------------------------------------------------------------

    public boolean mergeAccounts(long timestamp, String accountId1, String accountId2) {
        settle(timestamp);
        Account first = accounts.get(accountId1);
        Account second = accounts.get(accountId2);
        if (first == null || second == null || first == second) {
            return false;
        }
        first.change(timestamp, second.balance);
        first.outgoing += second.outgoing;
        for (Payment record : payments.values()) {
            if (record.owner == second) {
                record.owner = first; // status queries and pending cashback follow the survivor
            }
        }
        for (ScheduledPayment payment : scheduled.values()) {
            if (payment.owner == second) {
                payment.owner = first; // waiting payments are now carried out from the survivor
            }
        }
        for (Offer offer : offers.values()) {
            if (offer.source == second) {
                offer.source = first;
            }
            if (offer.target == second) {
                offer.target = first;
            }
            if (offer.state == OfferState.PENDING && offer.source == offer.target) {
                offer.state = OfferState.WITHDRAWN; // an offer between the two: its hold is the survivor's again
                first.change(timestamp, offer.amount);
            }
        }
        second.closedAt = timestamp;
        accounts.remove(accountId2);
        return true;
    }

    public Long getBalance(long timestamp, String accountId, long timeAt) {
        settle(timestamp);
        List<Account> history = lives.getOrDefault(accountId, List.of());
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).createdAt <= timeAt) {
                return history.get(i).balanceAt(timeAt);
            }
        }
        return null;
    }
}
