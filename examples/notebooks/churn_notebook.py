# Databricks notebook source
# MAGIC %md
# MAGIC # Customer churn with spark-backprop
# MAGIC
# MAGIC A neural network in a Spark ML pipeline, from a Python notebook. On Databricks:
# MAGIC 1. install the library jar as a cluster library (Compute > the cluster > Libraries >
# MAGIC    Install new > JAR: `spark-backprop_2.13-0.1.0-SNAPSHOT.jar` from a volume), and
# MAGIC 2. run the `%pip install` cell below with the wheel uploaded next to it.
# MAGIC
# MAGIC Outside Databricks this file runs as an ordinary Python script (the tests run it so):
# MAGIC it then starts a local session with the jar that the package carries.

# COMMAND ----------

# MAGIC %pip install /Volumes/main/default/libs/spark_backprop-0.1.0.dev0-py3-none-any.whl

# COMMAND ----------

import os

from pyspark.ml import Pipeline
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.sql import SparkSession

import sparkbackprop
from sparkbackprop.ml import NeuralNetworkClassifier

# On Databricks the notebook's session exists (and has the cluster library); elsewhere, start
# one with the jar bundled in the package.
spark = SparkSession.getActiveSession() or (
    sparkbackprop.with_jar(SparkSession.builder.master("local[2]")).getOrCreate()
)
DATA = os.environ.get("CHURN_CSV", "/Volumes/main/default/raw/customer-churn.csv")

# COMMAND ----------

data = spark.read.csv(DATA, header=True, inferSchema=True)
train, test = data.randomSplit([0.8, 0.2], seed=42)
print(f"{train.count()} training rows, {test.count()} test rows")

# COMMAND ----------

network = NeuralNetworkClassifier(
    hiddenLayers=[32, 16], activation="relu", solver="l-bfgs", maxIter=60, regParam=0.01, seed=42
)
pipeline = Pipeline(stages=[
    StringIndexer(inputCols=["region", "contract"], outputCols=["region_i", "contract_i"]),
    OneHotEncoder(inputCols=["region_i", "contract_i"], outputCols=["region_v", "contract_v"]),
    VectorAssembler(
        inputCols=["tenure_months", "monthly_charges", "support_calls", "region_v", "contract_v"],
        outputCol="raw",
    ),
    StandardScaler(inputCol="raw", outputCol="features", withMean=True, withStd=True),
    StringIndexer(inputCol="churned", outputCol="label", stringOrderType="alphabetAsc"),
    network,
])
model = pipeline.fit(train)

# COMMAND ----------

summary = model.stages[-1].summary
print(f"{summary.totalIterations} iterations, objective {summary.objectiveHistory[0]:.4f} -> "
      f"{summary.objectiveHistory[-1]:.4f}")
auc = BinaryClassificationEvaluator(rawPredictionCol="probability").evaluate(model.transform(test))
print(f"test AUC {auc:.4f}")

# COMMAND ----------

# MAGIC %md Save the fitted pipeline where the cluster can read it (a volume on Databricks).

# COMMAND ----------

OUTPUT = os.environ.get("CHURN_MODEL_OUT", "/Volumes/main/default/models/churn-nn")
model.write().overwrite().save(OUTPUT)
print(f"saved to {OUTPUT}")
