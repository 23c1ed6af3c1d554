package io.quarkiverse.eventstream.deployment;

import java.util.Set;
import java.util.function.BooleanSupplier;

import io.quarkiverse.eventstream.runtime.config.EventStreamBuildTimeConfig;
import io.quarkiverse.eventstream.runtime.store.orm.ChannelRecord;
import io.quarkiverse.eventstream.runtime.store.orm.EventRecord;
import io.quarkiverse.eventstream.runtime.store.orm.HibernateOrmEventStore;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.bootstrap.classloading.QuarkusClassLoader;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.AdditionalIndexedClassesBuildItem;
import io.quarkus.hibernate.orm.deployment.spi.AdditionalJpaModelBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The {@code hibernate-orm} store. Its classes are named only in steps that run when that store is chosen, so an
 * application without Hibernate ORM never loads them.
 */
class EventStreamHibernateOrmProcessor {

    static final class HibernateOrmStoreSelected implements BooleanSupplier {

        private final EventStreamBuildTimeConfig config;

        HibernateOrmStoreSelected(EventStreamBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.store().kind() == EventStreamBuildTimeConfig.StoreKind.HIBERNATE_ORM;
        }
    }

    @BuildStep(onlyIf = HibernateOrmStoreSelected.class)
    void registerStore(Capabilities capabilities, EventStreamBuildTimeConfig config,
            BuildProducer<AdditionalJpaModelBuildItem> models, BuildProducer<AdditionalIndexedClassesBuildItem> indexed,
            BuildProducer<AdditionalBeanBuildItem> beans) {
        // no capability stands for Panache: plain quarkus-hibernate-orm would fail later with NoClassDefFoundError
        if (!capabilities.isPresent(Capability.HIBERNATE_ORM)
                || !QuarkusClassLoader.isClassPresentAtRuntime("io.quarkus.hibernate.orm.panache.PanacheEntityBase")) {
            throw new ConfigurationException("quarkus.eventstream.store=hibernate-orm needs Hibernate ORM with Panache:"
                    + " add the io.quarkus:quarkus-hibernate-orm-panache dependency and a JDBC driver"
                    + " (for example io.quarkus:quarkus-jdbc-postgresql), or choose quarkus.eventstream.store=memory");
        }
        Set<String> units = config.store().persistenceUnit().map(Set::of).orElse(Set.of("<default>"));
        for (Class<?> entity : new Class<?>[] { EventRecord.class, ChannelRecord.class }) {
            models.produce(new AdditionalJpaModelBuildItem(entity.getName(), units));
        }
        // indexed so that Panache enhances the entities
        indexed.produce(new AdditionalIndexedClassesBuildItem(EventRecord.class.getName(), ChannelRecord.class.getName()));
        beans.produce(AdditionalBeanBuildItem.unremovableOf(HibernateOrmEventStore.class));
    }
}
