"""The classic-PySpark side of the Spark Connect tests, run in a process of its own (a Python
process holds either a classic or a Connect session, not both).

    python classic_reference.py fit                 -> the weights of the test pipeline, as JSON
    python classic_reference.py java-load PATH      -> the weights of the network saved at PATH,
                                                       loaded by the JVM API, as JSON
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyspark.sql import SparkSession  # noqa: E402

import sparkbackprop  # noqa: E402
from support import python_pipeline, ring_frame  # noqa: E402


def main(argv):
    spark = (
        sparkbackprop.with_jar(SparkSession.builder.master("local[2]"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        if argv[0] == "fit":
            model = python_pipeline().fit(ring_frame(spark, 600, seed=17))
            weights = list(model.stages[-1].weights)
        else:
            java = spark._jvm.io.github.sparkbackprop.ml.NeuralNetworkClassificationModel
            weights = list(java.load(argv[1]).weights().toArray())
        print("WEIGHTS " + json.dumps(weights))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
